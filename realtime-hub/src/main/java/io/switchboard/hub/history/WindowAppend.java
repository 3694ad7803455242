package io.switchboard.hub.history;

/**
 * What appending at a given offset did.
 *
 * @param top where the stream stands after it
 * @param added false when the offset was in the window already (someone else appended it first)
 */
public record WindowAppend(StreamPosition top, boolean added) {}
