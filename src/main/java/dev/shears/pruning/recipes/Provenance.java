package dev.shears.pruning.recipes;

import java.time.Instant;

/** Where a pruned model came from: the source file and its SHA-256, the recipe, Shears' version, when. */
public record Provenance(String sourceFile, String sourceSha256, PruningSpec recipe, String shearsVersion,
                         Instant createdAt) {
}
