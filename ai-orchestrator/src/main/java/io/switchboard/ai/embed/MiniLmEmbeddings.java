package io.switchboard.ai.embed;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.util.ArrayList;
import java.util.List;

/**
 * The embedded all-MiniLM-L6-v2 model (ONNX, in a jar, no network). The ONNX session is loaded once
 * per JVM by langchain4j; create one instance per node and share it. Inference runs on the calling
 * thread, so the bounded AI worker pool alone decides how much of it runs at once.
 */
public final class MiniLmEmbeddings implements Embeddings {

  /** Stored next to each embedding; a different model re-embeds the knowledge base. */
  public static final String MODEL = "all-minilm-l6-v2";

  private static final int DIMENSIONS = 384;

  private final AllMiniLmL6V2EmbeddingModel model;

  public MiniLmEmbeddings() {
    // A direct executor: langchain4j would otherwise fan a batch out to threads of its own.
    this.model = new AllMiniLmL6V2EmbeddingModel(Runnable::run);
  }

  @Override
  public String model() {
    return MODEL;
  }

  @Override
  public int dimensions() {
    return DIMENSIONS;
  }

  /** Blank texts, which the model refuses, get the zero vector: similar to nothing. */
  @Override
  public List<float[]> embed(List<String> texts) {
    List<TextSegment> segments = new ArrayList<>();
    for (String text : texts) {
      if (text != null && !text.isBlank()) {
        segments.add(TextSegment.from(text));
      }
    }
    List<Embedding> embedded = segments.isEmpty() ? List.of() : model.embedAll(segments).content();
    List<float[]> vectors = new ArrayList<>(texts.size());
    int next = 0;
    for (String text : texts) {
      if (text != null && !text.isBlank()) {
        vectors.add(Vectors.normalized(embedded.get(next++).vector()));
      } else {
        vectors.add(new float[DIMENSIONS]);
      }
    }
    return vectors;
  }
}
