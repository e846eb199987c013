/**
 * Reusable, I/O-free PTransforms of the lean-ops lakehouse (SPEC.md §3–4): {@link
 * io.leanops.transforms.FlattenPayload}, {@link io.leanops.transforms.FifoDedup}, {@link
 * io.leanops.transforms.LifoDedup}, {@link io.leanops.transforms.CdeValidate}, {@link
 * io.leanops.transforms.DriftDetect} and {@link io.leanops.transforms.CrossPeriodMerge}, with
 * their element types and coders. Every tie is broken by a stated total order ({@link
 * io.leanops.transforms.EventOrder}), so results are identical on every runner.
 */
package io.leanops.transforms;
