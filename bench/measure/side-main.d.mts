/** Types of side-main.mjs. */
export declare function sideMain<Spec extends { resultFile: string }, Data>(
  work: (spec: Spec) => Promise<Data>,
): Promise<void>;
