import { phpList } from '../../phpFormParser.ts';
import { invalid, notFound } from '../errors.ts';
import { hms, phpMap, usDate, usTime } from '../format.ts';
import { activeLearners } from '../lookup.ts';
import type { QuizAttemptRecord, QuizRecord } from '../state.ts';
import type { ActionHandler } from './context.ts';
import { undocumentedWriteAnswer } from './context.ts';

const same = (left: number[], right: number[]) => left.length === right.length && left.every((value) => right.includes(value));

function questionView(quiz: QuizRecord, attempt: QuizAttemptRecord) {
	return quiz.questions.map((question, index) => {
		const answer = attempt.answers[question.id] ?? { selected: [], seconds: 0 };
		const right = question.answers.flatMap((candidate, position) => (candidate.is_right ? [position] : []));
		const option = (position: number) => ({
			answer: question.answers[position].answer,
			is_right: question.answers[position].is_right,
			isHasImage: false,
			imageUrl: '',
		});
		return {
			id: question.id,
			name: question.name,
			number: index + 1,
			type: question.type,
			isHasImage: false,
			imageUrl: '',
			is_passed: same(answer.selected, right),
			isExpired: false,
			checkerComment: '',
			time_spent: hms(answer.seconds),
			answers: {
				selected: answer.selected.map(option),
				missed: right.filter((position) => !answer.selected.includes(position)).map(option),
			},
		};
	});
}

/** One quiz's statistics for one learner, as the reference's sample response shows them. */
function statistic(quiz: QuizRecord, attempt: QuizAttemptRecord) {
	const timerOn = quiz.timer_minutes !== null;
	return {
		name: quiz.name,
		score: attempt.score,
		passing_score: quiz.passing_score,
		is_passed: attempt.score >= quiz.passing_score,
		spent_time: hms(attempt.spent_time_seconds),
		spent_time_seconds: attempt.spent_time_seconds,
		pass_date: usDate(attempt.passed_at),
		pass_time: usTime(attempt.passed_at, true),
		is_timer_on: timerOn,
		is_expired: timerOn && attempt.spent_time_seconds > (quiz.timer_minutes as number) * 60,
		is_manual_approve_on: quiz.is_manual_approve_on,
		globalComment: null,
		pass_percent: Math.round((attempt.score / Math.max(quiz.questions.length, 1)) * 100),
		questions: questionView(quiz, attempt),
	};
}

export const quizActions: Record<string, ActionHandler> = {
	/** `records[email][]` quiz ids → `{ email: { quizId: statistics } }`; quizzes not taken are left out. */
	getLearnersQuizStatistic({ state, options }) {
		const result: Record<string, unknown> = {};
		for (const [email, quizIds] of options.byEmail('records', 'Records')) {
			const byQuiz: Record<string, unknown> = {};
			for (const quizId of phpList(quizIds)) {
				if (typeof quizId !== 'string') throw invalid(`Records for ${email} must be a list of quiz ids`);
				const quiz = state.quizzes.find((candidate) => candidate.id === quizId);
				const attempt = quiz?.results[email.toLowerCase()];
				if (quiz && attempt) byQuiz[quizId] = statistic(quiz, attempt);
			}
			result[email] = phpMap(byQuiz);
		}
		return result;
	},

	/** Grants the learner one more attempt at the quiz (kept in the quiz's extra_attempts). */
	addLearnerQuizAttempts(context) {
		const { state, options } = context;
		const quizId = options.required('quiz_id', 'Quiz id');
		const email = options.required('email', 'Email').toLowerCase();
		const quiz = state.quizzes.find((candidate) => candidate.id === quizId);
		if (!quiz) throw notFound('Quiz not found');
		if (!activeLearners(state).some((learner) => learner.email.toLowerCase() === email)) throw notFound('Learner not found');
		quiz.extra_attempts[email] = (quiz.extra_attempts[email] ?? 0) + 1;
		return undocumentedWriteAnswer(context);
	},
};
