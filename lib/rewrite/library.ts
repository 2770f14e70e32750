/**
 * Rule libraries: what rule files declare, loaded, validated, and kept in immutable structures.
 *
 * A {@link RuleLibrary} holds named rule sets, strategies, examples and the `derivatives`
 * declarations (kept for the differentiation module, which reads {@link RuleLibrary.derivatives}).
 * Loading a file returns a new library; a file that fails validation throws and changes nothing,
 * so a REPL session keeps the rules it had.
 *
 * One namespace: rule sets, rules, strategies, built-in strategies and combinators share it, so
 * a bare name in a strategy expression always means one thing. Loading rejects, with
 * file:line:column and the name: duplicate names (also across files), rule errors (see rule.ts),
 * unknown names or combinators in strategies, examples of unknown targets, a function given
 * derivatives twice.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as Immutable from '../base/immutable.js';
import { pollBudget } from '../base/budget.js';
import { BibunError } from '../base/errors.js';
import { type GuardRegistry, standardGuards } from '../match/guards.js';
import { parseRuleFile, parseStrategy } from '../syntax/parse.js';
import { type CompiledStrategy, innermostOver, innermostRules, ruleSet } from './rule-sets.js';
import { makeRule, type Rule } from '../match/rule.js';
import { normalizeTerms } from './match-build.js';
import { Signature } from '../match/operators.js';
import {
  builtinStrategies,
  combinators,
  compileParts,
  compileStrategy,
  id,
  runStrategy,
  type RunOptions,
  type RunResult,
  type Strategy,
  type StrategyDefinition,
} from './strategy.js';
import type {
  DerivativeDecl,
  ExampleDecl,
  Located,
  OpDecl,
  RuleFile,
  StrategyExpr,
} from '../syntax/ast.js';
import type { Term } from '../term/term.js';
import { flatten } from '../term/walk.js';

/** A named rule set; as a strategy it applies its first rule that rewrites the root. */
export interface RuleSet extends Located {
  readonly name: string;
  readonly rules: Immutable.List<Rule>;
  readonly file: string | undefined;
}

/** `strategy NAME = S` or `strategy NAME(P, ...) = S`, as loaded. */
export interface StrategyDef extends Located {
  readonly name: string;
  readonly params: readonly string[];
  readonly body: StrategyExpr;
  readonly file: string | undefined;
}

/** An `example` line, with its file. */
export interface Example extends ExampleDecl {
  readonly file: string | undefined;
}

/** A line of a `derivatives` table, with its file. */
export interface DerivativeEntry extends DerivativeDecl {
  readonly file: string | undefined;
}

export { innermostRules, rulesStrategy } from './rule-sets.js';

interface Parts {
  readonly rulesets: Immutable.OrderedMap<string, RuleSet>;
  readonly rules: Immutable.OrderedMap<string, Rule>;
  readonly strategies: Immutable.OrderedMap<string, StrategyDef>;
  readonly examples: Immutable.List<Example>;
  readonly derivatives: Immutable.List<DerivativeEntry>;
  readonly files: Immutable.List<string>;
  readonly builtins: Immutable.Map<string, Strategy>;
  readonly guards: GuardRegistry;
  readonly signature: Signature;
}

/** An immutable library of rule sets, strategies, examples and derivative tables. */
export class RuleLibrary {
  /** Rule sets by name, in load order. */
  readonly rulesets: Immutable.OrderedMap<string, RuleSet>;
  /** Every rule by name, in load order. */
  readonly rules: Immutable.OrderedMap<string, Rule>;
  /** Named strategies. */
  readonly strategies: Immutable.OrderedMap<string, StrategyDef>;
  /** Every `example` line. */
  readonly examples: Immutable.List<Example>;
  /** Every line of every `derivatives` block. */
  readonly derivatives: Immutable.List<DerivativeEntry>;
  /** Names of the loaded files (`<input>` for text without a name). */
  readonly files: Immutable.List<string>;
  /** Built-in strategies (`id`, `fail`, `fold`, and whatever higher layers added). */
  readonly builtins: Immutable.Map<string, Strategy>;
  /** The guards rules may use. */
  readonly guards: GuardRegistry;
  /** The operators the files declared (`op NAME : assoc comm id(VALUE)`). */
  readonly signature: Signature;
  // Compiled strategies: a cache, invisible from outside, so the library stays a value.
  private readonly compiled = new Map<string, CompiledStrategy>();

  private constructor(p: Parts) {
    this.rulesets = p.rulesets;
    this.rules = p.rules;
    this.strategies = p.strategies;
    this.examples = p.examples;
    this.derivatives = p.derivatives;
    this.files = p.files;
    this.builtins = p.builtins;
    this.guards = p.guards;
    this.signature = p.signature;
  }

  /** An empty library with the built-in strategies (plus `builtins`) and guards. */
  static empty(
    options: { builtins?: ReadonlyMap<string, Strategy>; guards?: GuardRegistry } = {},
  ): RuleLibrary {
    let builtins = Immutable.Map<string, Strategy>(builtinStrategies);
    for (const [n, s] of options.builtins ?? []) builtins = builtins.set(n, s);
    return new RuleLibrary({
      rulesets: Immutable.OrderedMap(),
      rules: Immutable.OrderedMap(),
      strategies: Immutable.OrderedMap(),
      examples: Immutable.List(),
      derivatives: Immutable.List(),
      files: Immutable.List(),
      builtins,
      guards: options.guards ?? standardGuards,
      signature: Signature.empty,
    });
  }

  private parts(): Parts {
    return this;
  }

  /**
   * A library with more built-in strategies (the differentiation module adds `dstar`).
   *
   * @throws BibunError `rule` when a name is already taken.
   */
  withBuiltins(extra: ReadonlyMap<string, Strategy>): RuleLibrary {
    let builtins = this.builtins;
    for (const [n, s] of extra) {
      if (this.kindOf(n) !== undefined && !this.builtins.has(n))
        throw new BibunError('rule', `built-in strategy ${n}: the name is already taken`);
      builtins = builtins.set(n, s);
    }
    return new RuleLibrary({ ...this.parts(), builtins });
  }

  /** What a name denotes in this library, if anything. */
  kindOf(name: string): 'ruleset' | 'rule' | 'strategy' | 'builtin' | 'combinator' | undefined {
    if (this.rulesets.has(name)) return 'ruleset';
    if (this.rules.has(name)) return 'rule';
    if (this.strategies.has(name)) return 'strategy';
    if (this.builtins.has(name)) return 'builtin';
    if (combinators.has(name)) return 'combinator';
    return undefined;
  }

  /**
   * The library with a parsed rule file added.
   *
   * @throws BibunError (kind `rule`, positioned) on the first problem; `this` is unchanged.
   */
  load(ruleFile: RuleFile): RuleLibrary {
    return this.loadAll([ruleFile]);
  }

  /**
   * The library with several rule files added as one unit: names may be used across them in
   * any order (a strategy in one file may name a rule set of a later one). All or nothing.
   */
  loadAll(ruleFiles: readonly RuleFile[]): RuleLibrary {
    const err = (message: string, l: Located, file: string | undefined) =>
      new BibunError('rule', message, {
        line: l.line,
        column: l.column,
        ...(file !== undefined ? { file } : {}),
      });
    const taken = new Map<string, string>();
    const claim = (name: string, what: string, l: Located, file: string | undefined) => {
      const prev = this.kindOf(name) ?? taken.get(name);
      if (prev !== undefined)
        throw err(`${what} ${name}: the name is already used (by a ${prev})`, l, file);
      taken.set(name, what);
    };
    let { rulesets, rules, strategies, examples, derivatives, files } = this.parts();
    const heads = new Map<string, DerivativeEntry>(this.derivatives.map((e) => [e.head, e]));
    // Operators first: a file's declarations hold for all of its terms, wherever they stand.
    let signature = this.signature;
    for (const { file, decls } of ruleFiles)
      signature = signature.declare(
        decls.filter((d): d is OpDecl => d.kind === 'op'),
        file,
      );
    for (const { file, decls } of ruleFiles) {
      for (const d of decls) {
        if (d.kind === 'op') continue;
        if (d.kind === 'ruleset') {
          claim(d.name, 'rule set', d, file);
          const list: Rule[] = [];
          for (const rd of d.rules) {
            // Loading is part of the request: a file of 10^4 rules ends with the time budget.
            pollBudget();
            claim(rd.name, 'rule', rd, file);
            const r = makeRule(rd, {
              ...(file !== undefined ? { file } : {}),
              guards: this.guards,
              signature,
            });
            list.push(r);
            rules = rules.set(r.name, r);
          }
          rulesets = rulesets.set(d.name, {
            name: d.name,
            rules: Immutable.List(list),
            file,
            line: d.line,
            column: d.column,
          });
        } else if (d.kind === 'strategy') {
          claim(d.name, 'strategy', d, file);
          strategies = strategies.set(d.name, {
            name: d.name,
            params: d.params,
            body: normalizeTerms(d.body, (t) => signature.normalize(t)),
            file,
            line: d.line,
            column: d.column,
          });
        } else if (d.kind === 'example') {
          const input = signature.normalize(d.input);
          examples = examples.push({
            ...d,
            input,
            expected: signature.normalize(d.expected),
            file,
          });
        } else {
          for (const e of d.entries) {
            const prev = heads.get(e.head);
            if (prev !== undefined)
              throw err(
                `derivatives of ${e.head} are already given${prev.file ? ` in ${prev.file}` : ''} at line ${prev.line}`,
                e,
                file,
              );
            heads.set(e.head, { ...e, file });
            derivatives = derivatives.push({ ...e, file });
          }
        }
      }
      files = files.push(file ?? '<input>');
    }
    const next = new RuleLibrary({
      ...this.parts(),
      rulesets,
      rules,
      strategies,
      examples,
      derivatives,
      files,
      signature,
    });
    const known = (n: string) =>
      next.kindOf(n) === undefined || next.kindOf(n) === 'combinator' ? undefined : id;
    for (const { file, decls } of ruleFiles) {
      for (const d of decls) {
        // Compiling against placeholders checks every name, combinator and arity.
        if (d.kind === 'strategy') {
          const dup = d.params.find((p, i) => d.params.indexOf(p) !== i);
          if (dup !== undefined) throw err(`strategy ${d.name}: parameter ${dup} twice`, d, file);
          const params = new Map(d.params.map((p) => [p, placeholder]));
          compileStrategy(d.body, known, file, next.define, params, signature.lookup);
        }
        if (d.kind === 'example' && known(d.target) === undefined)
          throw err(`example ${d.target}: unknown rule set or strategy ${d.target}`, d, file);
        if (d.kind === 'example' && (next.define(d.target)?.params.length ?? 0) > 0)
          throw err(`example ${d.target}: ${d.target} takes strategies`, d, file);
      }
    }
    return next;
  }

  /** Parses and loads rule-file text (see {@link load}). */
  loadText(text: string, file?: string): RuleLibrary {
    return this.load(parseRuleFile(text, file));
  }

  /**
   * The strategy a name stands for: a rule set, a single rule, a named strategy or a built-in.
   *
   * @throws BibunError `rule` for an unknown name.
   */
  strategy(name: string): Strategy {
    const def = this.define(name);
    if (def !== undefined)
      throw new BibunError(
        'rule',
        `${name} takes ${def.params.length} strategies: write ${name}(...)`,
      );
    const s = this.resolve(name);
    if (s === undefined) throw new BibunError('rule', `unknown strategy or rule set ${name}`);
    return this.inScope(s.strategy);
  }

  /**
   * `s` with the library's operator declarations in force (see {@link Signature.scoped}): what
   * every strategy the library hands out is; for strategies built elsewhere from its rules.
   */
  inScope(s: Strategy): Strategy {
    return this.signature.scoped(s);
  }

  /** The named strategy `name` with parameters, for calls `name(s, ...)`. */
  private readonly define = (name: string): StrategyDefinition | undefined => {
    const def = this.strategies.get(name);
    return def !== undefined && def.params.length > 0 ? def : undefined;
  };

  private resolve(name: string): CompiledStrategy | undefined {
    const cached = this.compiled.get(name);
    if (cached !== undefined) return cached;
    let s: CompiledStrategy | undefined;
    const set = this.rulesets.get(name);
    const rule = this.rules.get(name);
    const def = this.strategies.get(name);
    if (set !== undefined) s = ruleSet(set.rules.toArray());
    else if (rule !== undefined) s = ruleSet([rule]);
    else if (def !== undefined && def.params.length > 0) return undefined;
    else if (def !== undefined) {
      // A strategy may refer to itself: while it compiles, its name forwards to the result.
      let body: Strategy | undefined;
      this.compiled.set(name, {
        strategy: (t, run) => body!(t, run),
        alternatives: undefined,
      });
      s = compileParts(
        def.body,
        (n) => this.resolve(n),
        def.file,
        this.define,
        undefined,
        this.signature.lookup,
      );
      body = s.strategy;
    } else {
      const b = this.builtins.get(name);
      if (b !== undefined) s = { strategy: b, alternatives: undefined };
    }
    if (s !== undefined) this.compiled.set(name, s);
    return s;
  }

  /** Compiles a strategy expression (or its text) against this library. */
  compile(expr: StrategyExpr | string): Strategy {
    const parsed = typeof expr === 'string' ? parseStrategy(expr) : expr;
    const e = normalizeTerms(parsed, (t) => this.signature.normalize(t));
    const s = compileStrategy(
      e,
      (n) => this.resolve(n),
      undefined,
      this.define,
      undefined,
      this.signature.lookup,
    );
    return this.inScope(s);
  }

  /** The rules of one loaded file (all files when omitted), in order. */
  rulesOf(file?: string): Rule[] {
    return this.rules
      .valueSeq()
      .filter((r) => file === undefined || r.file === file)
      .toArray();
  }

  /**
   * What an example runs: a strategy as it is; a rule set or rule to its innermost normal form.
   */
  exampleStrategy(target: string): Strategy {
    const k = this.kindOf(target);
    const s = this.resolve(target);
    if (s === undefined) throw new BibunError('rule', `unknown strategy or rule set ${target}`);
    return this.inScope(
      (k === 'ruleset' || k === 'rule') && s.alternatives !== undefined
        ? innermostOver(s.alternatives)
        : s.strategy,
    );
  }

  /** Runs a strategy (by name, expression text, syntax, or itself) on a term within budgets. */
  run(strategy: string | StrategyExpr | Strategy, t: Term, options: RunOptions = {}): RunResult {
    const s =
      typeof strategy === 'function'
        ? strategy
        : typeof strategy === 'string' && this.kindOf(strategy) !== undefined
          ? this.strategy(strategy)
          : this.compile(strategy);
    // Rules match the flat canonical form: sums and products kept as nodes (let-form names,
    // derivatives' prefix products) are merged first (walk.ts flatten).
    return runStrategy(s, flatten(t), options);
  }
}

const placeholder: CompiledStrategy = { strategy: id, alternatives: undefined };

/** The rules/ directory shipped with bibun. */
export function shippedRulesDir(): string {
  return fileURLToPath(new URL('../../../rules/', import.meta.url));
}

/** Every `*.rules` file under `dir`, recursively, in sorted order. */
export function ruleFilesIn(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...ruleFilesIn(p));
    else if (name.endsWith('.rules')) out.push(p);
  }
  return out;
}

/**
 * Loads rule files (or every `*.rules` file under a directory) on top of `base`, as one unit
 * (see {@link RuleLibrary.loadAll}). All or nothing.
 */
export function loadRuleFiles(
  paths: readonly string[],
  base: RuleLibrary = RuleLibrary.empty(),
): RuleLibrary {
  const files = paths.flatMap((p) => (statSync(p).isDirectory() ? ruleFilesIn(p) : [p]));
  return base.loadAll(files.map((f) => parseRuleFile(readFileSync(f, 'utf8'), f)));
}

/** Outcome of one example. */
export interface ExampleResult {
  readonly example: Example;
  readonly ok: boolean;
  readonly actual: Term;
  readonly run: RunResult;
}

/** Runs an example line: the target on the input must give exactly the expected term. */
export function runExample(lib: RuleLibrary, ex: Example, options: RunOptions = {}): ExampleResult {
  const run = runStrategy(lib.exampleStrategy(ex.target), ex.input, options);
  return {
    example: ex,
    ok: run.stop === 'normal' && run.term === ex.expected,
    actual: run.term,
    run,
  };
}

/** Options of {@link rewriteWithRules}. */
export interface RewriteOptions extends RunOptions {
  /** File name for messages. */
  readonly file?: string;
  /** A strategy expression; default: innermost over all rules of the file, in order. */
  readonly strategy?: string;
  /** What the file is loaded on top of (default: an empty library with the built-ins). */
  readonly base?: RuleLibrary;
}

/**
 * The strategy `bibun rewrite --rules FILE [--strategy S]` runs: the rule text loaded (over
 * `options.base`), then `S` compiled, or innermost over the text's own rules.
 */
export function rewriteStrategy(
  rulesText: string,
  options: Pick<RewriteOptions, 'base' | 'file' | 'strategy'> = {},
): Strategy {
  const base = options.base ?? RuleLibrary.empty();
  const lib = base.loadText(rulesText, options.file);
  const own = lib.rules
    .filter((_, n) => !base.rules.has(n))
    .valueSeq()
    .toArray();
  return options.strategy !== undefined
    ? lib.compile(options.strategy)
    : lib.inScope(innermostRules(own));
}

/**
 * `bibun rewrite EXPR --rules FILE [--strategy S] [--trace]`: loads the rule text and runs the
 * strategy on the term.
 */
export function rewriteWithRules(
  term: Term,
  rulesText: string,
  options: RewriteOptions = {},
): RunResult {
  return runStrategy(rewriteStrategy(rulesText, options), term, options);
}
