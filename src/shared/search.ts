/** What the search worker returns for a query. */
export interface SearchHit {
  id: string;
  lang: string;
  title: string;
  /** Index of the section that matched, for jumping straight to it. */
  section: number;
  sectionTitle: string;
  /** The section is a job aid: the hit opens it on its own. */
  jobAid: boolean;
  snippet: string;
  score: number;
}

export interface SearchApi {
  /** Re-reads every module saved on this device into the index; returns how many it indexed. */
  refresh(): Promise<number>;
  search(query: string, lang: string, limit?: number): Promise<SearchHit[]>;
}
