import type { AcademyOceanOperation } from '../../transport/operation';

export const getManyPassiveLearners: AcademyOceanOperation = {
	value: 'getAllPassive',
	name: 'Get Many Passive',
	action: 'Get many passive learners',
	description: 'List the learners who registered but never opened a lesson',
	definition: { action: 'passiveLearners', output: { kind: 'list' } },
};
