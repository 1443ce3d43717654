import type { AcademyOceanOperation } from '../../transport/operation';

export const getManyCourses: AcademyOceanOperation = {
	value: 'getAll',
	name: 'Get Many',
	action: 'Get many courses',
	description: 'List the courses of the academy',
	definition: { action: 'courses', output: { kind: 'list' } },
};
