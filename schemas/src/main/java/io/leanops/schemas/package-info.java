/**
 * The topic schema contract of SPEC.md §5: {@link io.leanops.schemas.TopicSchemaParser loading},
 * the {@link io.leanops.schemas.ColumnType type system}, {@link io.leanops.schemas.TypeMapping Beam
 * and Iceberg mappings}, the {@link io.leanops.schemas.ValueCaster string caster}, the {@link
 * io.leanops.schemas.CompatibilityChecker compatibility checker} and the {@link
 * io.leanops.schemas.ChangeClassifier change classifier}.
 */
package io.leanops.schemas;
