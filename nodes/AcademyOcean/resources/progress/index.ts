import { resourceProperties } from '../../transport/operation';
import { getCourseProgress } from './getForCourse';
import { getLearnerProgress } from './getForLearner';

export const progressOperations = [getLearnerProgress, getCourseProgress];

export const progressDescription = resourceProperties('progress', progressOperations, getLearnerProgress.value);
