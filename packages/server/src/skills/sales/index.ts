// The sales agents' own skills.
import type { AnySkill } from '../skill.js';
import { aeDealHealth } from './ae-deal-health.js';
import { aeDiscountApproval } from './ae-discount-approval.js';
import { aeMutualActionPlan } from './ae-mutual-action-plan.js';
import { aePipelineForecast } from './ae-pipeline-forecast.js';
import { aeQuotaCoverage } from './ae-quota-coverage.js';
import { aeWinLoss } from './ae-win-loss.js';
import { crmDataQuality } from './crm-data-quality.js';
import { crmDedupe } from './crm-dedupe.js';
import { crmFieldMapping } from './crm-field-mapping.js';
import { crmNormalize } from './crm-normalize.js';
import { enablementBattlecard } from './enablement-battlecard.js';
import { enablementFeatureMatrix } from './enablement-feature-matrix.js';
import { enablementObjectionHandler } from './enablement-objection-handler.js';
import { enablementRoiCalculator } from './enablement-roi-calculator.js';
import { leadgenCompanyDedupe } from './leadgen-company-dedupe.js';
import { leadgenEmailPatterns } from './leadgen-email-patterns.js';
import { leadgenIcpMatch } from './leadgen-icp-match.js';
import { leadgenSegmentExport } from './leadgen-segment-export.js';
import { leadgenTam } from './leadgen-tam.js';
import { sdrLeadScore } from './sdr-lead-score.js';
import { sdrOutreachSequence } from './sdr-outreach-sequence.js';
import { sdrReplyClassify } from './sdr-reply-classify.js';
import { sdrTitleSeniority } from './sdr-title-seniority.js';

export const salesSkills: readonly AnySkill[] = [
  sdrLeadScore,
  sdrOutreachSequence,
  sdrReplyClassify,
  sdrTitleSeniority,
  aePipelineForecast,
  aeDealHealth,
  aeQuotaCoverage,
  aeMutualActionPlan,
  aeDiscountApproval,
  aeWinLoss,
  enablementBattlecard,
  enablementFeatureMatrix,
  enablementObjectionHandler,
  enablementRoiCalculator,
  crmDedupe,
  crmDataQuality,
  crmNormalize,
  crmFieldMapping,
  leadgenIcpMatch,
  leadgenSegmentExport,
  leadgenCompanyDedupe,
  leadgenEmailPatterns,
  leadgenTam,
] as readonly AnySkill[];
