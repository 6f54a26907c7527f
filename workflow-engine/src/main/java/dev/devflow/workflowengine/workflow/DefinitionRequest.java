package dev.devflow.workflowengine.workflow;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A definition as a client sends it: its text in YAML or JSON. */
public record DefinitionRequest(
    @Pattern(
            regexp = "[A-Za-z0-9][A-Za-z0-9 ._-]{0,99}",
            message = "must be 1-100 letters, digits, spaces, dots, dashes or underscores")
        String name,
    @NotNull @Pattern(regexp = "yaml|json", message = "must be yaml or json") String format,
    @NotBlank @Size(max = 200_000) String source) {}
