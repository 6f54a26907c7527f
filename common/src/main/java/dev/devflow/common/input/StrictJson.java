package dev.devflow.common.input;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.devflow.common.problem.RefusedJsonValue;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;

/**
 * JSON as DevFlow reads it, in every service: a body is one JSON value and nothing after it, an
 * object names each key once, and strings hold storable text ({@link Text}). Each refusal becomes a
 * 400 problem naming the field.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

  @Override
  public void customize(ObjectMapper mapper) {
    mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    SimpleModule text = new SimpleModule("devflow-text");
    text.addDeserializer(String.class, new CleanText());
    mapper.registerModule(text);
  }

  private static final class CleanText extends StringDeserializer {
    @Override
    public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      String value = super.deserialize(p, ctxt);
      if (value != null && p.currentToken() == JsonToken.VALUE_STRING) {
        var problem = Text.problem(value);
        if (problem.isPresent()) {
          throw new RefusedJsonValue(p, problem.get(), value);
        }
      }
      return value;
    }
  }
}
