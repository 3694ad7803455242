package io.switchboard.ai.embed;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

/** Arithmetic and the stored form (base64 of little-endian float32s) of embedding vectors. */
public final class Vectors {

  private Vectors() {}

  /** The vector scaled to unit length; the zero vector stays as it is. */
  public static float[] normalized(float[] vector) {
    double sum = 0;
    for (float v : vector) {
      sum += v * v;
    }
    float[] unit = vector.clone();
    if (sum == 0) {
      return unit;
    }
    double norm = Math.sqrt(sum);
    for (int i = 0; i < unit.length; i++) {
      unit[i] = (float) (unit[i] / norm);
    }
    return unit;
  }

  /** Dot product, the cosine of two unit vectors; vectors of other lengths are unrelated (0). */
  public static double dot(float[] a, float[] b) {
    if (a.length != b.length) {
      return 0;
    }
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }

  /** Base64 of the vector's little-endian float32s, as crud-api stores embeddings. */
  public static String encode(float[] vector) {
    ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES);
    bytes.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(vector);
    return Base64.getEncoder().encodeToString(bytes.array());
  }

  /**
   * The vector of {@link #encode}'s form.
   *
   * @throws IllegalArgumentException when it is not base64 of whole float32s
   */
  public static float[] decode(String base64) {
    byte[] raw = Base64.getDecoder().decode(base64);
    if (raw.length % Float.BYTES != 0) {
      throw new IllegalArgumentException("embedding of " + raw.length + " bytes");
    }
    float[] vector = new float[raw.length / Float.BYTES];
    ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
    return vector;
  }
}
