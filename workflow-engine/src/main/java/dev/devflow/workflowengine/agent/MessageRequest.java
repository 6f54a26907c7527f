package dev.devflow.workflowengine.agent;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Text to type into an agent's session. */
public record MessageRequest(@NotBlank @Size(max = 4000) String text) {}
