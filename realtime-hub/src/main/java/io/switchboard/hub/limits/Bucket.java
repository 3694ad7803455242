package io.switchboard.hub.limits;

/**
 * One of a tenant's token buckets.
 *
 * @param name its name within the tenant ({@code publish}, {@code publish:<user>})
 * @param rate how it refills
 */
public record Bucket(String name, Rate rate) {}
