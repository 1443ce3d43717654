// Loaded with `--import` by every benchmark process (and by run.mjs itself).
//
// Benchmarks are ES modules run by Node 24's type stripping. `import ... from 'n8n-workflow'` in an
// ES module picks the package's ESM build, which does not load under Node (extensionless relative
// imports), and it would be a second copy beside the CommonJS one that n8n-core and the built nodes
// in dist/ require, breaking n8n's `instanceof` checks. So ES imports of n8n-workflow resolve to the
// CommonJS build: one copy, the one n8n itself runs.
import { registerHooks } from 'node:module';

registerHooks({
	resolve(specifier, context, nextResolve) {
		if (specifier === 'n8n-workflow' || specifier.startsWith('n8n-workflow/')) {
			const conditions = context.conditions.filter((condition) => condition !== 'import');
			return nextResolve(specifier, { ...context, conditions: [...conditions, 'require'] });
		}
		return nextResolve(specifier, context);
	},
});

// n8n-core logs every node error it reports; benchmarks count outcomes themselves.
process.env.N8N_LOG_LEVEL ??= 'silent';
