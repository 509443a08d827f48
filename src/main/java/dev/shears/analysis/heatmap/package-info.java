/**
 * Pure-Java heatmap rendering of weight tensors: a tensor (dense matrix or conv mosaic), a viewport
 * and an optional magnitude threshold become an ARGB buffer of exactly the viewport's pixel size,
 * with exact per-pixel-block aggregation and kept/pruned counts. No JavaFX: the UI only blits.
 */
package dev.shears.analysis.heatmap;
