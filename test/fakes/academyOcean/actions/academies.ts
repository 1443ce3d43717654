import type { ActionHandler } from './context.ts';

export const academyActions: Record<string, ActionHandler> = {
	/** Every academy of the account, with the reference's fields in its order. */
	academies: ({ state }) =>
		state.academies.map((academy) => ({
			id: academy.id,
			name: academy.name,
			slug: academy.slug,
			is_cname_enabled: academy.is_cname_enabled,
			cname_domain: academy.cname_domain,
			is_private: academy.is_private,
			is_published: academy.is_published,
			learners_amount: state.learners.length,
			created_at: academy.created_at,
			content_amount: state.courses.length,
			access_request_amount: academy.access_request_amount,
		})),
};
