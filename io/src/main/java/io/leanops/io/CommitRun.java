package io.leanops.io;

import io.leanops.transforms.DriftEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import io.leanops.schemas.Timestamps;

/**
 * The last step of a run: once every data file is written, one worker commits the run exactly once
 * with {@link RunCommitter} — the main table's files with the run record, then the side tables.
 * Runs once even when nothing was written, so the progress marker always advances. Emits the run
 * record JSON.
 */
public final class CommitRun extends PTransform<PCollection<StagedFile>, PCollection<String>> {
  /** The target name of files for the main table; other targets name side tables. */
  public static final String MAIN = "main";

  private final CatalogConfig catalog;
  private final RunRecord plan;
  private final String mainTable;
  private final Map<String, String> sideTables;
  private final Map<String, PCollectionView<Long>> counts;
  private final PCollectionView<List<DriftEvent>> drift;
  private final MainCommit.Validation validation;

  private CommitRun(CatalogConfig catalog, RunRecord plan, String mainTable,
      Map<String, String> sideTables, Map<String, PCollectionView<Long>> counts,
      PCollectionView<List<DriftEvent>> drift, MainCommit.Validation validation) {
    this.catalog = catalog;
    this.plan = plan;
    this.mainTable = mainTable;
    this.sideTables = sideTables;
    this.counts = counts;
    this.drift = drift;
    this.validation = validation;
  }

  /**
   * Commits to {@code mainTable} the run described by {@code plan} (its counts, drift and staged
   * fields are filled in here); files of another target go to {@code sideTables.get(target)}.
   */
  public static CommitRun of(CatalogConfig catalog, RunRecord plan, TableIdentifier mainTable,
      Map<String, TableIdentifier> sideTables, Map<String, PCollectionView<Long>> counts,
      PCollectionView<List<DriftEvent>> drift) {
    Map<String, String> sides = new TreeMap<>();
    sideTables.forEach((k, v) -> sides.put(k, v.toString()));
    return new CommitRun(catalog, plan, mainTable.toString(), sides, new TreeMap<>(counts), drift,
        MainCommit.Validation.NONE);
  }

  /**
   * Returns a commit like this one but that validates, atomically with the main commit, that
   * nothing conflicting was committed to the main table since the run planned (see {@link
   * MainCommit.Validation}).
   */
  public CommitRun withValidation(MainCommit.Validation validation) {
    return new CommitRun(catalog, plan, mainTable, sideTables, counts, drift, validation);
  }

  @Override
  public PCollection<String> expand(PCollection<StagedFile> staged) {
    PCollectionView<List<StagedFile>> files = staged.apply("All staged files", View.asList());
    // A view may stand for several counts (e.g. read = written at ingest): list each once.
    List<PCollectionView<?>> sideInputs = new ArrayList<>(new LinkedHashSet<>(counts.values()));
    sideInputs.add(files);
    if (drift != null) {
      sideInputs.add(drift);
    }
    return staged.getPipeline()
        .apply("Once", Create.of(1).withCoder(VarIntCoder.of()))
        .apply("Commit " + plan.stage() + " run",
            ParDo.of(new CommitFn(this, files)).withSideInputs(sideInputs))
        .setCoder(StringUtf8Coder.of());
  }

  private static final class CommitFn extends DoFn<Integer, String> {
    private final CatalogConfig catalog;
    private final RunRecord plan;
    private final String mainTable;
    private final Map<String, String> sideTables;
    private final Map<String, PCollectionView<Long>> counts;
    private final PCollectionView<List<DriftEvent>> drift;
    private final PCollectionView<List<StagedFile>> files;
    private final MainCommit.Validation validation;

    CommitFn(CommitRun spec, PCollectionView<List<StagedFile>> files) {
      this.validation = spec.validation;
      this.catalog = spec.catalog;
      this.plan = spec.plan;
      this.mainTable = spec.mainTable;
      this.sideTables = spec.sideTables;
      this.counts = spec.counts;
      this.drift = spec.drift;
      this.files = files;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      Catalog cat = catalog.load();
      Table main = cat.loadTable(TableIdentifier.parse(mainTable));
      List<DataFile> mainFiles = new ArrayList<>();
      List<DeleteFile> mainDeletes = new ArrayList<>();
      TreeSet<String> referenced = new TreeSet<>();
      Map<String, List<DataFile>> sideFiles = new TreeMap<>();
      for (StagedFile f : c.sideInput(files)) {
        if (MAIN.equals(f.target()) && f.isDelete()) {
          mainDeletes.add(f.deleteFile());
          if (f.referencedDataFile() != null) {
            referenced.add(f.referencedDataFile());
          }
        } else if (MAIN.equals(f.target())) {
          mainFiles.add(f.dataFile());
        } else {
          sideFiles.computeIfAbsent(f.target(), k -> new ArrayList<>()).add(f.dataFile());
        }
      }
      mainFiles.sort((a, b) -> a.path().toString().compareTo(b.path().toString()));
      mainDeletes.sort((a, b) -> a.path().toString().compareTo(b.path().toString()));
      Map<String, String> staged = new TreeMap<>();
      for (Map.Entry<String, List<DataFile>> e : sideFiles.entrySet()) {
        String id = sideTables.get(e.getKey());
        if (id == null) {
          throw new IllegalStateException("no side table for staged target " + e.getKey());
        }
        Table side = cat.loadTable(TableIdentifier.parse(id));
        staged.put(id, DataFiles.saveStaged(side, plan.runId(), e.getKey(), e.getValue()));
      }
      Map<String, Long> values = new TreeMap<>();
      counts.forEach((name, view) -> values.put(name, c.sideInput(view)));
      List<DriftEvent> driftEvents = new ArrayList<>();
      if (drift != null) {
        driftEvents.addAll(c.sideInput(drift));
        driftEvents.sort((a, b) -> String.valueOf(a.periodReference())
            .compareTo(String.valueOf(b.periodReference())));
      }
      RunRecord record = new RunRecord(plan.runId(), plan.stage(), plan.topic(),
          plan.sourceFrom(), plan.sourceTo(), plan.startedMicros(),
          Timestamps.toMicros(Instant.now()), values, driftEvents, staged);
      RunCommitter.commit(cat, main, MainCommit.of(mainFiles, mainDeletes,
          new ArrayList<>(referenced), validation), record);
      c.output(record.toJson());
    }
  }
}
