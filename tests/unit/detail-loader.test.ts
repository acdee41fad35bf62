import { describe, expect, it } from 'vitest';
import { createDetailLoader, LOAD_TIMEOUT_MS } from '@/lib/card/detail-loader';
import { fakeTimers } from './support/fake-timers';

interface Detail {
  name: string;
}

/** A background whose answers the test gives by hand, one per question, in order. */
function handAnsweredBackground() {
  const questions: { entityId: string; answer: (detail: Detail | null) => void; fail: (e: Error) => void }[] =
    [];
  const fetchDetail = (entityId: string) =>
    new Promise<Detail | null>((answer, fail) => questions.push({ entityId, answer, fail }));
  return { fetchDetail, questions };
}

/** Where a promise stands, read after pending callbacks have run. */
async function stateOf<T>(promise: Promise<T>) {
  let state: { status: 'pending' } | { status: 'resolved'; value: T } | { status: 'rejected'; error: Error } =
    {
      status: 'pending',
    };
  promise.then(
    (value) => (state = { status: 'resolved', value }),
    (error: Error) => (state = { status: 'rejected', error }),
  );
  for (let i = 0; i < 5; i++) await Promise.resolve();
  return state;
}

function setup() {
  const { timers, advance, waiting } = fakeTimers();
  const background = handAnsweredBackground();
  const load = createDetailLoader(background.fetchDetail, timers);
  return { load, advance, waiting, questions: background.questions };
}

describe('hover card details', () => {
  it('asks the background once per entity and answers later hovers from memory', async () => {
    const { load, questions } = setup();
    const first = load('putin');
    questions[0]!.answer({ name: 'Vladimir Putin' });
    expect(await first).toEqual({ name: 'Vladimir Putin' });

    expect(await load('putin')).toEqual({ name: 'Vladimir Putin' });
    expect(questions.map((q) => q.entityId)).toEqual(['putin']);
  });

  it('gives up, naming the wait, when the background has not answered in time', async () => {
    const { load, advance, questions } = setup();
    const pending = load('putin');
    advance(LOAD_TIMEOUT_MS - 1);
    expect((await stateOf(pending)).status).toBe('pending');

    advance(1);
    await expect(pending).rejects.toThrow(`No answer within ${LOAD_TIMEOUT_MS} ms`);

    // The failure is not remembered: hovering again asks again, and this time the answer comes.
    const retry = load('putin');
    expect(questions).toHaveLength(2);
    questions[1]!.answer({ name: 'Vladimir Putin' });
    expect(await retry).toEqual({ name: 'Vladimir Putin' });
  });

  it('stops the clock once the background answers', async () => {
    const { load, waiting, questions } = setup();
    const pending = load('putin');
    expect(waiting()).toBe(1);
    questions[0]!.answer({ name: 'Vladimir Putin' });
    await pending;
    expect(waiting()).toBe(0);
  });

  it('asks again after the background had no detail to give', async () => {
    const { load, questions } = setup();
    const first = load('putin');
    questions[0]!.answer(null);
    expect(await first).toBeNull();

    const second = load('putin');
    expect(questions).toHaveLength(2);
    questions[1]!.answer({ name: 'Vladimir Putin' });
    expect(await second).toEqual({ name: 'Vladimir Putin' });
  });

  it('passes on a failed question and asks again next time', async () => {
    const { load, questions } = setup();
    const first = load('putin');
    questions[0]!.fail(new Error('Could not establish connection'));
    await expect(first).rejects.toThrow('Could not establish connection');

    void load('putin');
    expect(questions).toHaveLength(2);
  });

  it('keeps each entity apart', async () => {
    const { load, advance, questions } = setup();
    const putin = load('putin');
    const zelensky = load('zelensky');
    questions[1]!.answer({ name: 'Volodymyr Zelensky' });
    expect(await zelensky).toEqual({ name: 'Volodymyr Zelensky' });
    advance(LOAD_TIMEOUT_MS);
    await expect(putin).rejects.toThrow('No answer');
    expect(await load('zelensky')).toEqual({ name: 'Volodymyr Zelensky' });
    expect(questions).toHaveLength(2);
  });
});
