import { z } from 'zod';

/**
 * DDL steps made during a sync, each at a point of the run: when a share of the snapshot's chunks
 * has been handed out (`snapshot: 0.5`), or seconds after the snapshot has ended (`stream: 5`).
 * Each step names one action; the harness makes a change on the table right after it, so the
 * report can say whether changes after the DDL still arrive and with which columns.
 */
const name = z.string().min(1).max(63);
const sqlType = z.string().min(1).max(200);

const at = z.union([
  z.strictObject({ snapshot: z.number().min(0).max(1).describe("share of the snapshot's chunks handed out") }),
  z.strictObject({ stream: z.number().min(0).max(86_400).describe('seconds after the snapshot has ended') }),
], { error: 'at: must be { snapshot: 0..1 } (share of chunks handed out) or { stream: seconds } (after the snapshot)' });

export const ddlStepSchema = z
  .strictObject({
    at,
    /** The captured table the step changes, as --tables writes one (schema.table or a bare name); not for createTable. */
    table: z.string().min(1).optional(),
    addColumn: z.strictObject({ name, type: sqlType, default: z.string().min(1).optional() }).optional(),
    dropColumn: name.optional(),
    alterType: z.strictObject({ column: name, type: sqlType, using: z.string().min(1).optional() }).optional(),
    renameColumn: z.strictObject({ from: name, to: name }).optional(),
    /** A new table shaped like a captured one, whose name matches what a pattern-based capture would take. */
    createTable: z.strictObject({ name, like: z.string().min(1) }).optional(),
    /** A new partition of a captured partitioned table; `probeKey` is a value of the key column the workload counts new keys in that falls inside `bounds`. */
    addPartition: z.strictObject({ name, bounds: z.string().min(1).describe("e.g. FOR VALUES FROM (100001) TO (200001)"), probeKey: z.string().min(1) }).optional(),
  })
  .superRefine((s, ctx) => {
    const actions = ACTIONS.filter((a) => s[a] !== undefined);
    if (actions.length !== 1) ctx.addIssue({ code: 'custom', message: `a step needs exactly one of ${ACTIONS.join(', ')}${actions.length ? ` (it has ${actions.join(', ')})` : ''}` });
    else if (actions[0] !== 'createTable' && s.table === undefined) ctx.addIssue({ code: 'custom', message: `${actions[0]} needs table:` });
    else if (actions[0] === 'createTable' && s.table !== undefined) ctx.addIssue({ code: 'custom', message: 'createTable takes no table: (it names its own and the table it is like)' });
  });

export const ddlSchema = z.array(ddlStepSchema).min(1).max(100);

export type DdlStep = z.infer<typeof ddlStepSchema>;
export const ACTIONS = ['addColumn', 'dropColumn', 'alterType', 'renameColumn', 'createTable', 'addPartition'] as const;
export type DdlAction = (typeof ACTIONS)[number];

export function actionOf(s: DdlStep): DdlAction {
  return ACTIONS.find((a) => s[a] !== undefined)!;
}

/** When the step is due, as the report writes it. */
export function atText(s: DdlStep): string {
  return 'snapshot' in s.at ? `${Math.round(s.at.snapshot * 100)} % of the snapshot's chunks` : `${s.at.stream} s into the stream`;
}
