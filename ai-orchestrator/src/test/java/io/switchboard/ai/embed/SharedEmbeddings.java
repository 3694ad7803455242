package io.switchboard.ai.embed;

/** One embedded model for every test class of the run, as one node shares one. */
public final class SharedEmbeddings {

  private static final class Holder {
    static final MiniLmEmbeddings MODEL = new MiniLmEmbeddings();
  }

  private SharedEmbeddings() {}

  public static MiniLmEmbeddings miniLm() {
    return Holder.MODEL;
  }
}
