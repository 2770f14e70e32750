/**
 * Immutable.js, from its ES module build. The package's `main` is a CommonJS bundle, which Node
 * must lex before an ES module may import it: about 60 ms of every process's start-up, more
 * than the rest of loading bibun's rewriting path. The ES build is the same library; the types
 * are the package's own.
 */
import type * as I from 'immutable';
// @ts-expect-error the ES build has no declaration file of its own (its types are I's)
import * as es from 'immutable/dist/immutable.es.js';

const lib = es as typeof I;

export type List<T> = I.List<T>;
export type Map<K, V> = I.Map<K, V>;
export type OrderedMap<K, V> = I.OrderedMap<K, V>;
export const List: typeof I.List = lib.List;
export const Map: typeof I.Map = lib.Map;
export const OrderedMap: typeof I.OrderedMap = lib.OrderedMap;
