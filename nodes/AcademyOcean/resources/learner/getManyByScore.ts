import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { invalidField } from '../../transport/errors';
import { OPERATOR_SYMBOLS, comparisonOperator } from '../../transport/fields';
import type { AcademyOceanOperation } from '../../transport/operation';
import { comparisonSymbol } from '../../transport/parameters';

export const getManyLearnersByScore: AcademyOceanOperation = {
	value: 'getAllByScore',
	name: 'Get Many by Score',
	action: 'Get many learners by score',
	description: 'List the learners whose score (share of completed content, in %) compares to a value',
	definition: {
		action: 'learnersWithScore',
		output: { kind: 'list' },
		options(this: IExecuteSingleFunctions) {
			const score = Number(this.getNodeParameter('score', 0));
			if (!Number.isInteger(score) || score < 0 || score > 100) {
				throw invalidField(this, `"Score" must be a whole number from 0 to 100, got "${this.getNodeParameter('score', '')}"`);
			}
			return { score, operator: comparisonSymbol(this, OPERATOR_SYMBOLS) };
		},
	},
	fields: [
		{ ...comparisonOperator, description: 'How the learner score compares to Score' },
		{
			displayName: 'Score',
			name: 'score',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 100 },
			default: 50,
			required: true,
			description: 'Score in percent: completed content divided by available content, across all courses',
		},
	],
};
