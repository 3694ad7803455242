package io.switchboard.platform.openapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The OpenAPI document of the REST API: one hand-written file on the classpath, which the server
 * serves at {@code /openapi.json} and the crud role checks request bodies against.
 */
public final class ApiDocument {

  /** Classpath location of the document. */
  public static final String RESOURCE = "openapi/switchboard.yaml";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();

  private ApiDocument() {}

  /**
   * The document as JSON, keeping the order it is written in. Reads and parses a resource, so it
   * blocks: call it on a worker thread or before Vert.x runs.
   */
  public static JsonObject read() {
    try (InputStream yaml = ApiDocument.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (yaml == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the classpath");
      }
      return new JsonObject(JSON.writeValueAsString(YAML.readTree(yaml)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the OpenAPI document " + RESOURCE, e);
    }
  }
}
