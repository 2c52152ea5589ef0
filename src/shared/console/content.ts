import type { Section, TrainingModule } from '../module.ts';
import type { ModuleUse } from './module-use.ts';

/**
 * What the console's content API answers, as the server sends it and the
 * console reads it. Diagnostics are the publisher's own (`file:line: message`).
 */
export interface Diagnostic {
  file: string;
  line: number;
  message: string;
}

export interface PublishPlan {
  ok: boolean;
  diagnostics: Diagnostic[];
  /** Said, but no reason not to publish (look-alike titles). */
  warnings: Diagnostic[];
  /** Modules kiosks will download: new or changed ones. */
  changed: { id: string; lang: string; title: string; br: number }[];
  /** Variants kiosks will drop, each with the title it had. */
  removed: { id: string; lang: string; title: string }[];
  /** Modules no variant of which is left: off every kiosk. */
  gone: string[];
  /** Where those are still used (assignments, campaigns), added by the console API. */
  inUse?: ModuleUse[];
  /** What those downloads cost on the plant's line. */
  bytes: number;
  seconds: number;
}

export interface Preview {
  diagnostics: Diagnostic[];
  /** This draft's warnings: said beside the line, no reason not to publish. */
  warnings: Diagnostic[];
  /** The compiled module, as kiosks would get it; null while the draft has errors. */
  module: TrainingModule | null;
  /** What could be read of the draft even with errors; null when the compile never reached it. */
  draft: DraftParts | null;
}

/** A draft's front matter as YAML read it (before any check) and its body's sections: what the form and the preview show. */
export interface DraftParts {
  frontMatter: unknown;
  sections: Section[];
}

/** Who published a catalog, when, and what changed then. */
export interface PublishedVersion {
  version: string;
  at: number;
  /** The publisher's email; empty for the catalog that was live before the console's first publish. */
  by: string;
  modules: number;
  /** What this publish did, module by module, by title: the console says it in words, in its own language. */
  what?: { title: string; lang: string; removed: boolean }[];
  /** The same in English words, as kept before `what` was (older history entries only). */
  note?: string;
  /** The modules (id:lang) this publish made new or changed. */
  changed: string[];
}

export interface EnrollmentCodeAnswer {
  code: string;
  link: string;
  expiresAt: string;
  /** The link as a QR code, an SVG made on the server. */
  qrSvg: string;
}


/** A kiosk with no line, enrolled by file: the code opens the file and is shown this once (shared/enrollment-file.ts). */
export interface EnrollmentFileAnswer {
  device: string;
  code: string;
  file: string;
  fileName: string;
}
