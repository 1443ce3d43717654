import { resourceProperties } from '../../transport/operation';
import { addQuizAttempt } from './addAttempt';
import { getQuizStatistics } from './getStatistics';

export const quizOperations = [getQuizStatistics, addQuizAttempt];

export const quizDescription = resourceProperties('quiz', quizOperations, getQuizStatistics.value);
