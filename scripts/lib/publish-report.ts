import type { PublishReport } from "../../src/store/d1-publish";

export function describeReport(report: PublishReport): string {
  const parts = [
    `${report.added.length} added`,
    `${report.changed.length} changed`,
    `${report.removed.length} removed`,
    `${report.retracted.length} retracted`,
    `${report.unchanged} unchanged`,
  ];
  return `publish: ${parts.join(", ")}; ${report.rowsWritten} rows written; generation ${report.generation}`;
}
