import { resourceProperties } from '../../transport/operation';
import { getCourseChurn } from './getChurnedLearners';
import { getCourseCompletions } from './getCompletedLearners';
import { getManyCourses } from './getMany';

export const courseOperations = [getManyCourses, getCourseCompletions, getCourseChurn];

export const courseDescription = resourceProperties('course', courseOperations, getManyCourses.value);
