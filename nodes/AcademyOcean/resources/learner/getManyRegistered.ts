import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { invalidField } from '../../transport/errors';
import { OPERATOR_SYMBOLS, comparisonOperator } from '../../transport/fields';
import type { AcademyOceanOperation } from '../../transport/operation';
import { academyOceanDate, comparisonSymbol } from '../../transport/parameters';

export const getManyRegisteredLearners: AcademyOceanOperation = {
	value: 'getAllRegistered',
	name: 'Get Many by Registration Date',
	action: 'Get many learners by registration date',
	description: 'List the learners who registered on a date, before or after it, or within a period',
	definition: {
		action: 'learnersRegisteredAt',
		output: { kind: 'list' },
		options(this: IExecuteSingleFunctions) {
			if (this.getNodeParameter('filterBy', 'date') === 'period') {
				const from = academyOceanDate(this, this.getNodeParameter('from', ''), 'From', true);
				const to = academyOceanDate(this, this.getNodeParameter('to', ''), 'To', true);
				if (from >= to) throw invalidField(this, `"From" (${from}) must be earlier than "To" (${to})`);
				return { dates: [from, to] };
			}
			return {
				date: academyOceanDate(this, this.getNodeParameter('date', ''), 'Date', false),
				operator: comparisonSymbol(this, OPERATOR_SYMBOLS),
			};
		},
	},
	fields: [
		{
			displayName: 'Filter By',
			name: 'filterBy',
			type: 'options',
			default: 'date',
			options: [
				{ name: 'Date', value: 'date', description: 'Registered on, before or after one day' },
				{ name: 'Period', value: 'period', description: 'Registered between two moments' },
			],
		},
		{ ...comparisonOperator, displayOptions: { show: { filterBy: ['date'] } }, description: 'How the registration day compares to Date' },
		{
			displayName: 'Date',
			name: 'date',
			type: 'dateTime',
			default: '',
			required: true,
			description: 'The day to compare with, e.g. {{ $today.minus(1, "day") }} for yesterday',
			displayOptions: { show: { filterBy: ['date'] } },
		},
		{
			displayName: 'From',
			name: 'from',
			type: 'dateTime',
			default: '',
			required: true,
			description: 'Start of the period (UTC when no offset is given)',
			displayOptions: { show: { filterBy: ['period'] } },
		},
		{
			displayName: 'To',
			name: 'to',
			type: 'dateTime',
			default: '',
			required: true,
			description: 'End of the period, later than From',
			displayOptions: { show: { filterBy: ['period'] } },
		},
	],
};
