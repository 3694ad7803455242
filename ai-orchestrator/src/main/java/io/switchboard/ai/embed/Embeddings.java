package io.switchboard.ai.embed;

import java.util.List;

/**
 * Turns texts into unit-length vectors for retrieval and classification. Implementations block
 * (ONNX inference): call them on {@link io.switchboard.ai.work.AiWorkers}, never on an event loop.
 */
public interface Embeddings {

  /** The model's name, stored next to each embedding so a change of model re-embeds. */
  String model();

  /** Length of every vector. */
  int dimensions();

  /** One L2-normalised vector per text, in order. */
  List<float[]> embed(List<String> texts);
}
