import type { Json } from '../ccda-fixtures.util';
import { concept, list, withDefaults } from '../synthetic-bundle.util';

/**
 * A synthetic GP Connect record of referrals and diary entries with what the published examples lack:
 * a requester that is in the bundle (as a PractitionerRole and as a Practitioner), a referral with a
 * planned date and a note, a completed referral, a diary entry due from a date (STU3
 * `occurrencePeriod`) with a note, and a referral whose requester is not in the bundle.
 */
const role: Json = {
  resourceType: 'PractitionerRole',
  id: 'gp1-role',
  practitioner: { reference: 'Practitioner/gp1' },
  organization: { reference: 'Organization/org1' },
  code: [
    {
      coding: [
        {
          system: 'https://fhir.hl7.org.uk/STU3/CodeSystem/CareConnect-SDSJobRoleName-1',
          code: 'R0260',
          display: 'General Medical Practitioner',
        },
      ],
    },
  ],
};

const referral = (id: string, extra: Json): Json => ({
  resourceType: 'ReferralRequest',
  id,
  status: 'active',
  intent: 'order',
  priority: 'routine',
  subject: { reference: 'Patient/p1' },
  serviceRequested: [concept('306206005', 'Referral to service')],
  ...extra,
});

export const PLAN_ITEMS: Json[] = [
  referral('ref-open', {
    authoredOn: '2024-03-01T10:00:00+00:00',
    requester: { agent: { reference: 'PractitionerRole/gp1-role' } },
    occurrenceDateTime: '2024-04-15',
    note: [{ text: 'Please see within six weeks' }],
  }),
  referral('ref-done', {
    status: 'completed',
    authoredOn: '2023-11-02',
    requester: { agent: { reference: 'Practitioner/gp1' } },
    description: 'Seen in clinic',
  }),
  referral('ref-elsewhere', {
    authoredOn: '2024-02-10',
    requester: { agent: { reference: 'Practitioner/not-in-bundle' } },
    occurrencePeriod: { start: '2024-05-01', end: '2024-06-30' },
  }),
  {
    resourceType: 'ProcedureRequest',
    id: 'diary1',
    status: 'active',
    intent: 'plan',
    code: concept('185389009', 'Follow-up visit'),
    subject: { reference: 'Patient/p1' },
    occurrencePeriod: { start: '2024-07-01' },
    authoredOn: '2024-03-01',
    requester: { agent: { reference: 'Practitioner/gp1' } },
    note: [{ text: 'Book with the practice nurse' }],
  },
];

export const SYNTHETIC_PLAN: Json = withDefaults(
  role,
  list('792931000000107', 'Outbound referral', ['ReferralRequest/ref-open', 'ReferralRequest/ref-done', 'ReferralRequest/ref-elsewhere']),
  list('714311000000108', 'Diary entries', ['ProcedureRequest/diary1']),
  ...PLAN_ITEMS,
);
