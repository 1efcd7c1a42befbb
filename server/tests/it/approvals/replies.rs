//! Deciding by reply through the pipeline.
