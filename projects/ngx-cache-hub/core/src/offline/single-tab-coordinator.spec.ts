import { SingleTabCoordinator } from './single-tab-coordinator';
import { current } from './testing-internal/queue-test-kit';

describe('SingleTabCoordinator', () => {
  it('leads at once and completes its leadership when closed', () => {
    const session = new SingleTabCoordinator().join();
    expect(current(session.leader$)).toBe(true);
    let completed = false;
    session.leader$.subscribe({ complete: () => (completed = true) });
    session.close();
    expect(completed).toBe(true);
  });

  it('hears no changes and sends none', () => {
    const session = new SingleTabCoordinator().join();
    const heard = jest.fn();
    session.changes$.subscribe(heard);
    session.notifyChange();
    expect(heard).not.toHaveBeenCalled();
  });
});
