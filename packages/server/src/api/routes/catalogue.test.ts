import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  AgentProfile,
  CatalogueFacets,
  CataloguePage,
  DemoResult,
  Hire,
  Page,
  Review,
  Trial,
} from '../../contracts/contracts.js';
import { createHarness, setup, testCatalogue, type Harness } from '../testing/marketplace-harness.js';
import type { CatalogueEntry } from '../../marketplace/catalogue/catalogue-entry.js';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await h.close();
});

async function list(query = ''): Promise<CataloguePage> {
  const res = await h.call('GET', `/api/v1/agents${query}`);
  expect(res.statusCode).toBe(200);
  return res.json() as CataloguePage;
}

/** A customer who trialled, hired and rated `agentId`. */
async function hireAndRate(email: string, agentId: string, rating: number, ip: string): Promise<Hire> {
  const s = await h.customer(email, email.split('@')[1]);
  const trial = (
    await h.call('POST', '/api/v1/trials', { token: s.accessToken, body: { agentId, setup }, ip })
  ).json() as Trial;
  const hire = (
    await h.call('POST', `/api/v1/trials/${trial.id}/convert`, {
      token: s.accessToken,
      body: { plan: 'monthly' },
    })
  ).json() as Hire;
  const res = await h.call('PUT', `/api/v1/hires/${hire.id}/review`, {
    token: s.accessToken,
    body: { rating, comment: `${rating} stars` },
  });
  expect(res.statusCode).toBe(200);
  return hire;
}

describe('GET /api/v1/agents', () => {
  it('lists every agent in catalogue order with counts per industry and honest empty stats', async () => {
    const page = await list();
    expect(page.items.map((a) => a.id)).toEqual(testCatalogue.map((e) => e.id));
    expect(page.counts).toEqual({ all: 4, marketing: 2, education: 1, sales: 1 });
    expect(page.total).toBe(4);
    expect(page.online).toBe(3);
    const card = page.items[0]!;
    expect(card).toMatchObject({
      name: 'Content Marketing Agent',
      initials: 'CM',
      specialty: 'Healthcare',
      status: 'available',
      rating: { average: null, count: 0 },
      retentionPercent: null,
      activityLine: null,
      price: { amount: 15000, currency: 'INR', period: 'month' },
      popularity: 0,
    });
    expect(card.badges).toContain('New');
    expect(page.items.find((a) => a.id === 'sales-development-rep')?.status).toBe('offline');
  });

  it('filters by industry but keeps the tab counts of the whole query', async () => {
    const page = await list('?industry=marketing');
    expect(page.items.map((a) => a.industry)).toEqual(['marketing', 'marketing']);
    expect(page.counts).toEqual({ all: 4, marketing: 2, education: 1, sales: 1 });
  });

  it('filters by specialty, skill, status and price range', async () => {
    expect((await list('?specialty=health')).items.map((a) => a.id)).toEqual(['content-marketing']);
    expect((await list('?skill=text.keyword-density')).items.map((a) => a.id)).toEqual(['seo-specialist']);
    expect((await list('?skill=readability')).items.map((a) => a.id)).toEqual([
      'content-marketing',
      'sales-development-rep',
    ]);
    expect((await list('?status=offline')).items.map((a) => a.id)).toEqual(['sales-development-rep']);
    expect((await list('?minPrice=10000&maxPrice=16000')).items.map((a) => a.id)).toEqual([
      'content-marketing',
      'sales-development-rep',
    ]);
  });

  it('searches full text with relevance (name before description)', async () => {
    const page = await list('?q=grammar');
    expect(page.items.map((a) => a.id)).toEqual(['english-tutor']);
    expect((await list('?q=shops')).items.map((a) => a.id)).toEqual(['seo-specialist']);
    expect((await list('?q=nothing%20matches')).items).toEqual([]);
  });

  it('sorts by price both ways, keeping catalogue order on ties', async () => {
    expect((await list('?sort=price_asc')).items.map((a) => a.price.amount)).toEqual([
      8000, 15000, 15000, 18000,
    ]);
    expect((await list('?sort=price_desc')).items.map((a) => a.id)).toEqual([
      'seo-specialist',
      'content-marketing',
      'sales-development-rep',
      'english-tutor',
    ]);
  });

  it('pages with a cursor and rejects a forged one', async () => {
    const first = await list('?limit=3');
    expect(first.items).toHaveLength(3);
    const second = await list(`?limit=3&cursor=${first.nextCursor}`);
    expect(second.items.map((a) => a.id)).toEqual(['sales-development-rep']);
    expect(second.nextCursor).toBeUndefined();
    const bad = await h.call('GET', '/api/v1/agents?cursor=Zm9v');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { code: 'BAD_REQUEST', details: { field: 'cursor' } } });
  });

  it('rejects bad filter values with a 400 naming the field', async () => {
    const res = await h.call('GET', '/api/v1/agents?minRating=9');
    expect(res.statusCode).toBe(400);
    expect((res.json() as { error: { message: string } }).error.message).toContain('minRating');
  });

  it('derives rating, retention, popularity, status and the activity line from real events only', async () => {
    await hireAndRate('a@one.com', 'content-marketing', 5, '10.0.0.1');
    await hireAndRate('b@two.com', 'content-marketing', 4, '10.0.0.2');
    const hire = await hireAndRate('c@three.com', 'seo-specialist', 3, '10.0.0.3');
    const c = await h.login('c@three.com');
    await h.call('POST', `/api/v1/hires/${hire.id}/cancel`, { token: c.accessToken, body: {} });

    const page = await list('?sort=top_rated');
    expect(page.items.map((a) => a.id)).toEqual([
      'content-marketing',
      'seo-specialist',
      'english-tutor',
      'sales-development-rep',
    ]);
    const content = page.items[0]!;
    expect(content.rating).toEqual({ average: 4.5, count: 2 });
    expect(content.retentionPercent).toBe(100);
    expect(content.popularity).toBe(4);
    expect(content.status).toBe('working');
    expect(content.activityLine).toBe('Produced 2 deliverables this week');
    expect(content.badges).toContain('Popular');
    // One hire, since cancelled, is not popularity.
    expect(page.items[1]?.badges).not.toContain('Popular');
    expect(page.items[1]).toMatchObject({ rating: { average: 3, count: 1 }, retentionPercent: 0 });
    expect((await list('?minRating=4')).items.map((a) => a.id)).toEqual(['content-marketing']);
    expect((await list('?sort=popular')).items[0]?.id).toBe('content-marketing');

    // Fifteen quiet minutes later the agent is no longer "working".
    await h.advance(15 * 60_000);
    expect((await list()).items[0]?.status).toBe('available');
  });
});

describe('facets and profile', () => {
  it('lists specialties, skills and the price range', async () => {
    const facets = (await h.call('GET', '/api/v1/agents/facets')).json() as CatalogueFacets;
    expect(facets.counts).toEqual({ all: 4, marketing: 2, education: 1, sales: 1 });
    expect(facets.price).toEqual({ min: 8000, max: 18000, currency: 'INR' });
    expect(facets.skills.find((s) => s.id === 'text.readability')?.agentCount).toBe(2);
    expect(facets.specialties.map((s) => s.specialty)).toContain('B2B SaaS');
  });

  it('shows the profile with skills, reviews, distribution, activity, versions, pricing and the demo', async () => {
    await hireAndRate('p@one.com', 'content-marketing', 5, '10.0.0.5');
    const res = await h.call('GET', '/api/v1/agents/content-marketing');
    expect(res.statusCode).toBe(200);
    const p = res.json() as AgentProfile;
    expect(p.skillDetails.map((s) => s.id)).toEqual(['content.brief-outline', 'text.readability']);
    expect(p.ratingDistribution).toEqual({ 1: 0, 2: 0, 3: 0, 4: 0, 5: 1 });
    expect(p.reviews).toHaveLength(1);
    expect(p.reviews[0]).toMatchObject({ rating: 5, author: 'Verified customer' });
    expect(p.recentActivity.length).toBeGreaterThan(0);
    expect(p.versions).toEqual([
      { version: '1.0.0', status: 'active', releasedAt: '2025-12-01T00:00:00.000Z', notes: 'First release' },
    ]);
    expect(p.pricing).toEqual({
      monthly: { amount: 15000, currency: 'INR' },
      annual: { amount: 150000, currency: 'INR' },
      annualMonthsFree: 2,
    });
    expect(p.measuredResponseMs).toBe(0);
    expect(p.demo?.skillId).toBe('content.brief-outline');
    expect(p.demo?.inputSchema).toMatchObject({ type: 'object' });
    expect(p.trialDays).toBe(7);
  });

  it('answers 404 for an unknown agent, on the profile and its reviews', async () => {
    expect((await h.call('GET', '/api/v1/agents/nope')).statusCode).toBe(404);
    expect((await h.call('GET', '/api/v1/agents/nope/reviews')).statusCode).toBe(404);
  });
});

describe('reviews', () => {
  it('keeps one review per hire, editable, and recomputes the rating', async () => {
    const hire = await hireAndRate('r@one.com', 'english-tutor', 2, '10.0.0.6');
    const s = await h.login('r@one.com');
    const edited = await h.call('PUT', `/api/v1/hires/${hire.id}/review`, {
      token: s.accessToken,
      body: { rating: 4, comment: 'Better now' },
    });
    expect(edited.json()).toMatchObject({ rating: 4, comment: 'Better now' });
    const reviews = (await h.call('GET', '/api/v1/agents/english-tutor/reviews')).json() as Page<Review>;
    expect(reviews.items).toHaveLength(1);
    const card = (await list('?industry=education')).items[0]!;
    expect(card.rating).toEqual({ average: 4, count: 1 });
    expect(
      ((await h.call('GET', `/api/v1/hires/${hire.id}/review`, { token: s.accessToken })).json() as Review)
        .comment,
    ).toBe('Better now');
    expect((await h.call('GET', `/api/v1/hires/${hire.id}`, { token: s.accessToken })).json()).toMatchObject({
      reviewId: reviews.items[0]?.id,
    });
  });

  it('rejects ratings outside 1–5', async () => {
    const hire = await hireAndRate('x@one.com', 'english-tutor', 3, '10.0.0.7');
    const s = await h.login('x@one.com');
    for (const rating of [0, 6, 3.5]) {
      expect(
        (await h.call('PUT', `/api/v1/hires/${hire.id}/review`, { token: s.accessToken, body: { rating } }))
          .statusCode,
      ).toBe(400);
    }
  });

  it('names the company only when the organisation opted in', async () => {
    await hireAndRate('o@optin.com', 'english-tutor', 5, '10.0.0.8');
    const s = await h.login('o@optin.com');
    await h.call('PATCH', '/api/v1/tenant', { token: s.accessToken, body: { publicActivity: true } });
    const reviews = (await h.call('GET', '/api/v1/agents/english-tutor/reviews')).json() as Page<Review>;
    expect(reviews.items[0]?.author).toBe('optin.com');
  });
});

describe('POST /api/v1/agents/:agentId/demo', () => {
  const input = { topic: 'Healthy sleep for shift workers', primaryKeyword: 'sleep tips' };

  it('runs the offline demo skill on the visitor’s input without an account', async () => {
    const res = await h.call('POST', '/api/v1/agents/content-marketing/demo', {
      body: { input },
      ip: '203.0.113.1',
    });
    expect(res.statusCode).toBe(200);
    const demo = res.json() as DemoResult;
    expect(demo).toMatchObject({
      agentId: 'content-marketing',
      skillId: 'content.brief-outline',
      method: 'offline',
      remainingToday: 29,
    });
    expect(demo.markdown).toContain('Sleep');
    expect(demo.checks.length).toBeGreaterThan(0);
  });

  it('names the bad field and does not spend a run on invalid input', async () => {
    const res = await h.call('POST', '/api/v1/agents/content-marketing/demo', {
      body: { input: { topic: 'x' } },
      ip: '203.0.113.2',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: { code: 'VALIDATION', details: { field: 'topic' } } });
    const ok = (
      await h.call('POST', '/api/v1/agents/content-marketing/demo', { body: { input }, ip: '203.0.113.2' })
    ).json() as DemoResult;
    expect(ok.remainingToday).toBe(29);
  });

  it('refuses inputs over the size cap with 413', async () => {
    const res = await h.call('POST', '/api/v1/agents/seo-specialist/demo', {
      body: { input: { text: 'word '.repeat(5000), keywords: ['word'] } },
      ip: '203.0.113.3',
    });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE', details: { field: 'input' } } });
  });

  it('refuses agents without a demo or offline, and unknown agents', async () => {
    expect(
      (await h.call('POST', '/api/v1/agents/sales-development-rep/demo', { body: { input: {} } })).statusCode,
    ).toBe(412);
    expect((await h.call('POST', '/api/v1/agents/unknown/demo', { body: { input: {} } })).statusCode).toBe(
      404,
    );
  });

  it('caps runs per IP per day (429 with Retry-After until midnight UTC) and resets the next day', async () => {
    const small = await createHarness({ limits: { demoPerIpPerDay: 2 } });
    try {
      const run = () =>
        small.call('POST', '/api/v1/agents/english-tutor/demo', {
          body: { input: { text: 'A short text. It reads well.' } },
          ip: '198.51.100.7',
        });
      expect((await run()).statusCode).toBe(200);
      expect(((await run()).json() as DemoResult).remainingToday).toBe(0);
      const third = await run();
      expect(third.statusCode).toBe(429);
      expect(third.headers['retry-after']).toBe(String(15 * 3600));
      expect(third.json()).toMatchObject({
        error: { code: 'RATE_LIMITED', details: { reason: 'demo-daily-limit' } },
      });
      expect(
        (
          await small.call('POST', '/api/v1/agents/english-tutor/demo', {
            body: { input: { text: 'Other visitor.' } },
            ip: '198.51.100.8',
          })
        ).statusCode,
      ).toBe(200);
      await small.advance(15 * 3600_000);
      expect((await run()).statusCode).toBe(200);
    } finally {
      await small.close();
    }
  });

  it('stops every demo when the platform-wide daily budget is spent (402)', async () => {
    const small = await createHarness({ limits: { demoGlobalPerDay: 1 } });
    try {
      const run = (ip: string) =>
        small.call('POST', '/api/v1/agents/english-tutor/demo', {
          body: { input: { text: 'Hello there.' } },
          ip,
        });
      expect((await run('198.51.100.1')).statusCode).toBe(200);
      const res = await run('198.51.100.2');
      expect(res.statusCode).toBe(402);
      expect(res.json()).toMatchObject({
        error: { code: 'BUDGET_EXHAUSTED', details: { reason: 'demo-daily-budget' } },
      });
    } finally {
      await small.close();
    }
  });

  it('is rate limited per minute per IP with Retry-After', async () => {
    const small = await createHarness({ limits: { demoPerIpPerMinute: 2 } });
    try {
      const run = () =>
        small.call('POST', '/api/v1/agents/english-tutor/demo', {
          body: { input: { text: 'Hi.' } },
          ip: '198.51.100.9',
        });
      await run();
      await run();
      const res = await run();
      expect(res.statusCode).toBe(429);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      expect(res.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } });
    } finally {
      await small.close();
    }
  });
});

describe('a catalogue whose agent is switched off by its kill switch', () => {
  it('shows it offline', async () => {
    const off = await createHarness({
      config: { disabled: ['agent-seo-specialist'] },
      catalogue: testCatalogue as CatalogueEntry[],
    });
    try {
      const page = (await off.call('GET', '/api/v1/agents?status=offline')).json() as CataloguePage;
      expect(page.items.map((a) => a.id)).toEqual(['seo-specialist', 'sales-development-rep']);
    } finally {
      await off.close();
    }
  });
});
