// The marketing agents' own skills (shared writing skills live in ../text).
import type { AnySkill } from '../skill.js';
import { brandConsistencyAudit } from './brand-consistency-audit.js';
import { brandNameCheck } from './brand-name-check.js';
import { brandNpsSurvey } from './brand-nps-survey.js';
import { brandPositioning } from './brand-positioning.js';
import { brandVoiceCheck } from './brand-voice-check.js';
import { contentArticleDraft } from './content-article-draft.js';
import { contentBriefOutline } from './content-brief-outline.js';
import { contentHealthClaims } from './content-health-claims.js';
import { socialCalendar } from './social-calendar.js';
import { socialHashtags } from './social-hashtags.js';
import { socialPerformanceReport } from './social-performance-report.js';
import { socialPostCheck } from './social-post-check.js';
import { socialPostVariants } from './social-post-variants.js';
import { socialThreadSplitter } from './social-thread-splitter.js';
import { emailAbSplit } from './email-ab-split.js';
import { emailListHygiene } from './email-list-hygiene.js';
import { emailPersonalizationCheck } from './email-personalization-check.js';
import { emailSequence } from './email-sequence.js';
import { emailSpamCheck } from './email-spam-check.js';
import { emailSubjectCheck } from './email-subject-check.js';
import { statsAbSignificance } from './stats-ab-significance.js';
import { influencerBrief } from './influencer-brief.js';
import { influencerBudgetMix } from './influencer-budget-mix.js';
import { influencerCampaignReport } from './influencer-campaign-report.js';
import { influencerDisclosureCheck } from './influencer-disclosure-check.js';
import { influencerShortlist } from './influencer-shortlist.js';
import { ppcAdCopyCheck } from './ppc-ad-copy-check.js';
import { ppcAdCopyVariants } from './ppc-ad-copy-variants.js';
import { ppcBudgetAllocation } from './ppc-budget-allocation.js';
import { ppcKeywordGrouping } from './ppc-keyword-grouping.js';
import { ppcNegativeKeywords } from './ppc-negative-keywords.js';
import { ppcPerformanceMetrics } from './ppc-performance-metrics.js';
import { seoInternalLinks } from './seo-internal-links.js';
import { seoMetaSnippets } from './seo-meta-snippets.js';
import { seoPageAudit } from './seo-page-audit.js';
import { seoProductSchema } from './seo-product-schema.js';
import { seoRedirectCheck } from './seo-redirect-check.js';
import { seoSitemap } from './seo-sitemap.js';
import { seoSlugCheck } from './seo-slug-check.js';

export const marketingSkills: readonly AnySkill[] = [
  contentBriefOutline,
  contentHealthClaims,
  contentArticleDraft,
  seoPageAudit,
  seoMetaSnippets,
  seoProductSchema,
  seoSlugCheck,
  seoInternalLinks,
  seoRedirectCheck,
  seoSitemap,
  socialCalendar,
  socialPostCheck,
  socialHashtags,
  socialPostVariants,
  socialThreadSplitter,
  socialPerformanceReport,
  emailSequence,
  emailSpamCheck,
  emailSubjectCheck,
  emailAbSplit,
  emailListHygiene,
  emailPersonalizationCheck,
  statsAbSignificance,
  ppcBudgetAllocation,
  ppcAdCopyCheck,
  ppcAdCopyVariants,
  ppcPerformanceMetrics,
  ppcNegativeKeywords,
  ppcKeywordGrouping,
  brandVoiceCheck,
  brandConsistencyAudit,
  brandPositioning,
  brandNameCheck,
  brandNpsSurvey,
  influencerShortlist,
  influencerBudgetMix,
  influencerDisclosureCheck,
  influencerCampaignReport,
  influencerBrief,
] as readonly AnySkill[];
