package dev.devflow.common.problem;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;

/**
 * A JSON value the reader refused by one of DevFlow's own rules (not by its type), carrying the
 * rule as its message so that the 400 problem can name it beside the field.
 */
public final class RefusedJsonValue extends InvalidFormatException {
  public RefusedJsonValue(JsonParser parser, String rule, String value) {
    super(parser, rule, value, String.class);
  }
}
