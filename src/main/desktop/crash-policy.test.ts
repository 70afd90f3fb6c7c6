import { describe, expect, it } from 'vitest';
import { CrashPolicy } from './crash-policy';
import { choiceAt, messageBoxOptions } from './message-dialog';

const LOG = '/home/u/.config/switchyard/logs/switchyard.log';

function policyAt(start = 1_000_000) {
  let now = start;
  const policy = new CrashPolicy({ now: () => now });
  return { policy, advance: (ms: number) => (now += ms) };
}

describe('CrashPolicy (render-process-gone)', () => {
  it('reloads after a crash and says why', () => {
    const { policy } = policyAt();
    const decision = policy.decide({ reason: 'crashed', exitCode: 139 }, LOG);
    expect(decision).toEqual({
      action: 'reload',
      notice: { title: 'Switchyard reloaded its window', body: 'The window stopped (it crashed, exit code 139) and was reloaded. The error log has the details.' },
    });
    expect(policy.decide({ reason: 'oom', exitCode: 0 }, LOG)).toMatchObject({ action: 'reload', notice: { body: expect.stringContaining('ran out of memory') } });
  });

  it('stops reloading on the third crash within a minute and offers the error log', () => {
    const { policy, advance } = policyAt();
    policy.decide({ reason: 'crashed', exitCode: 139 }, LOG);
    advance(10_000);
    policy.decide({ reason: 'crashed', exitCode: 139 }, LOG);
    advance(10_000);
    const decision = policy.decide({ reason: 'killed', exitCode: 9 }, LOG);
    if (decision.action !== 'give-up') throw new Error(`expected give-up, got ${decision.action}`);
    expect(decision.dialog.message).toBe("Switchyard's window keeps crashing");
    expect(decision.dialog.detail).toContain('3 times within 60 s (last time it was killed, exit code 9)');
    expect(decision.dialog.detail).toContain(LOG);
    const options = messageBoxOptions(decision.dialog);
    expect(options.buttons).toEqual(['Open Error Log', 'Reload Window', 'Close Window']);
    expect(options.defaultId).toBe(0);
    expect(choiceAt(decision.dialog, options.cancelId)).toBe('close-window');
    expect(choiceAt(decision.dialog, 1)).toBe('retry');
    // A response the box never offered (it was closed some other way) is a cancel.
    expect(choiceAt(decision.dialog, 7)).toBe('close-window');
  });

  it('crashes further apart than the window never add up to giving up', () => {
    const { policy, advance } = policyAt();
    for (let i = 0; i < 10; i++) {
      expect(policy.decide({ reason: 'crashed', exitCode: 1 }, LOG).action).toBe('reload');
      advance(31_000);
    }
  });

  it('after "Reload Window" the count starts afresh', () => {
    const { policy } = policyAt();
    for (let i = 0; i < 3; i++) policy.decide({ reason: 'crashed', exitCode: 1 }, LOG);
    policy.reset();
    expect(policy.decide({ reason: 'crashed', exitCode: 1 }, LOG).action).toBe('reload');
  });
});
