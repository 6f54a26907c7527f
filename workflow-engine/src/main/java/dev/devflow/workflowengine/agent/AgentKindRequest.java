package dev.devflow.workflowengine.agent;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Map;

/**
 * A kind's program, default mode and environment (model provider settings, proxies...); null leaves
 * (or returns) each to the configuration. Values of variables whose names say key, token, secret or
 * password are never shown again.
 */
public record AgentKindRequest(
    @Size(min = 1, max = 1024) String command,
    @Pattern(regexp = "interactive|headless", message = "must be interactive or headless")
        String mode,
    @Size(max = 50)
        Map<
                @Pattern(regexp = "[A-Z_][A-Z0-9_]{0,99}", message = "must be an environment name")
                String,
                @Size(max = 4096) String>
            env) {}
