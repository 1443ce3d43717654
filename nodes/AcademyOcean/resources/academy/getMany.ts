import type { AcademyOceanOperation } from '../../transport/operation';

export const getManyAcademies: AcademyOceanOperation = {
	value: 'getAll',
	name: 'Get Many',
	action: 'Get many academies',
	description: 'List every academy of the account',
	definition: { action: 'academies', output: { kind: 'list' } },
};
