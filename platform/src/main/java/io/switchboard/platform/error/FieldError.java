package io.switchboard.platform.error;

/**
 * Why one field of an input was refused.
 *
 * @param field JSON pointer or dotted path of the field, e.g. {@code /body} or {@code status}
 * @param reason what is wrong with it
 */
public record FieldError(String field, String reason) {}
