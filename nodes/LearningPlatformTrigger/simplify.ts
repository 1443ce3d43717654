import type { IDataObject } from 'n8n-workflow';

type Json = Record<string, unknown>;

// An array or a scalar where an object is expected reads as no fields: none has the names read here.
const objectAt = (value: unknown): Json => (value !== null && typeof value === 'object' ? (value as Json) : {});
const firstOf = (value: unknown): Json => objectAt(Array.isArray(value) ? value[0] : value);

function withoutEmpty(fields: IDataObject): IDataObject {
	return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined && value !== null && value !== ''));
}

/** The fields a builder maps most, flat: event, learner, course (or group), academy, content. */
export function simplifyAcademyOcean(payload: Json): IDataObject {
	const learner = objectAt(payload.learner ?? firstOf(payload.learners));
	const course = objectAt(payload.course ?? payload.group ?? firstOf(payload.courses));
	const academy = objectAt(payload.academy);
	const content = objectAt(payload.lesson ?? payload.quiz);
	const certificate = objectAt(payload.certificate);
	return withoutEmpty({
		event: payload.event as string,
		eventId: payload.id as string,
		learnerEmail: learner.email as string,
		learnerFullName: learner.full_name as string,
		learnerFirstName: learner.first_name as string,
		learnerLastName: learner.last_name as string,
		courseId: course.id as string,
		courseName: course.name as string,
		academyId: academy.id as string,
		academyName: academy.name as string,
		contentId: content.id as string,
		contentName: content.name as string,
		startDate: content.start_date as string,
		finishDate: content.finish_date as string,
		quizScore: content.score as string,
		quizPassed: content.is_passed as boolean,
		certificatePdf: certificate.link_to_pdf as string,
		certificateIssueDate: certificate.issue_date as string,
	});
}

export function simplifyCanvas(payload: Json): IDataObject {
	const metadata = objectAt(payload.metadata);
	const body = objectAt(payload.body);
	const user = objectAt(body.user);
	const course = objectAt(body.course);
	const progress = objectAt(body.progress);
	return withoutEmpty({
		event: metadata.event_name as string,
		eventTime: metadata.event_time as string,
		hostname: metadata.hostname as string,
		rootAccountUuid: metadata.root_account_uuid as string,
		userId: (user.id ?? metadata.user_id) as string,
		userEmail: user.email as string,
		userName: user.name as string,
		userLogin: metadata.user_login as string,
		userSisId: metadata.user_sis_id as string,
		courseId: (course.id ?? body.course_id) as string,
		courseName: (course.name ?? body.name) as string,
		courseSisId: (course.sis_source_id ?? body.sis_source_id) as string,
		completedAt: progress.completed_at as string,
		requirementCount: progress.requirement_count as number,
		requirementCompletedCount: progress.requirement_completed_count as number,
		sectionId: body.course_section_id as string,
		workflowState: body.workflow_state as string,
	});
}
