import { optionSetText } from '../../model/option-set.js';
import type { PointSettings } from '../../model/run-result.js';

/** How a point, a chart's series and a group of points are named in every report. */

/** An option set as people read it (model/option-set.ts). */
export const optionsText = optionSetText;

const withOptions = (text: string, options: Record<string, string>, sep: string): string => (Object.keys(options).length ? `${text}${sep}${optionsText(options)}` : text);

export const groupTitle = (s: Pick<PointSettings, 'chunkSize' | 'sourceOptions'>): string => withOptions(`chunk size ${s.chunkSize}`, s.sourceOptions, ', ');

/** `flink-cdc 3.5.0` when the point names its connector version, else the engine. */
export const engineName = (s: Pick<PointSettings, 'engine' | 'connectorVersion'>): string => (s.connectorVersion ? `${s.engine} ${s.connectorVersion}` : s.engine);

/** One line of a chart: an engine at one chunk size and option set, over parallelism. */
export const seriesLabel = (s: PointSettings): string => withOptions(`${engineName(s)}, chunk ${s.chunkSize}`, s.sourceOptions, ', ');

export const pointLabel = (s: PointSettings): string => withOptions(`${engineName(s)} p=${s.parallelism} chunk ${s.chunkSize}`, s.sourceOptions, ' ');
