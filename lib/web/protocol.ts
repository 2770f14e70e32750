/**
 * The messages between the page and its session worker. The worker holds one REPL session;
 * the page keeps the last snapshot the worker reported, so Stop (terminating the worker) and a
 * fresh worker started from that snapshot behave like Ctrl-C in the terminal REPL.
 */
import type { SessionSnapshot } from '../app/session.js';
import type { Answer } from './answer.js';
import type { View } from './pictures.js';

/** Page → worker. */
export type Request =
  | {
      readonly type: 'init';
      readonly snapshot: SessionSnapshot | undefined;
      readonly files: readonly (readonly [string, string])[];
    }
  | { readonly type: 'eval'; readonly id: number; readonly input: string }
  | { readonly type: 'file'; readonly name: string; readonly text: string }
  | {
      readonly type: 'picture';
      readonly id: number;
      /** One of the views (checked by the worker: it may come from the page's address). */
      readonly view: View | string;
      readonly expr: string;
      readonly variable: string;
      readonly point: string;
    };

/** Worker → page. */
export type Reply =
  | { readonly type: 'ready'; readonly notice: string | undefined }
  | {
      readonly type: 'answer';
      readonly id: number;
      readonly answer: Answer;
      /** The SVG of a `:dot` answer. */
      readonly svg: string | undefined;
      /** The state after the input, when the input changed it. */
      readonly snapshot: SessionSnapshot | undefined;
      readonly ms: number;
    }
  | {
      readonly type: 'picture';
      readonly id: number;
      readonly svg: string | undefined;
      readonly note: string;
      readonly error: string | undefined;
      readonly ms: number;
    };
