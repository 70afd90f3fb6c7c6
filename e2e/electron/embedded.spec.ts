import { expect, test } from '../support/electron-fixtures';
import { GatewayDashboardPage } from '../pages/gateway-dashboard-page';
import { PlaygroundPage } from '../pages/playground-page';
import { configWithProvider, embeddedSettings, PROVIDER_KEY_ENV } from '../support/configs';
import { setUpEngine, tearDownEngine, uniqueContainerName } from '../support/engine-fixture';

/**
 * Journey 3 in the Electron shell: start the gateway from the dashboard, see it healthy, kill the container
 * from outside and see the restart; quitting the app removes the container.
 */

test.describe.configure({ timeout: 180_000 });

test('embedded gateway under Electron: start, healthy, killed from outside, restarted, removed on quit', async ({ launchElectron, appData, openai, providerKey }) => {
  const setup = await setUpEngine();
  test.skip('missing' in setup, 'missing' in setup ? `no container engine: ${setup.missing}` : '');
  if (!('engine' in setup)) return;
  const { engine } = setup;
  const name = uniqueContainerName();
  try {
    appData.writeConfig(
      configWithProvider(openai.url, {
        mode: 'plano_embedded',
        plano_embedded: embeddedSettings(engine.healthyImage, engine.endpoint, name),
      }),
    );
    const { app, window } = await launchElectron({ [PROVIDER_KEY_ENV]: providerKey });
    await new PlaygroundPage(window).waitReady();
    const dashboard = new GatewayDashboardPage(window);
    await dashboard.open();
    if (await dashboard.startButton.isEnabled()) await dashboard.startButton.click();
    await dashboard.expectPhase('ready');

    const [id] = await engine.containersNamed(name);
    expect(id).toBeTruthy();
    await engine.docker.getContainer(id!).kill();
    await expect.poll(() => dashboard.restartCount(), { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
    await expect(dashboard.timelineEntries('restart').first()).toBeVisible();
    await dashboard.expectPhase('ready');

    await app.close();
    await expect.poll(() => engine.containersNamed(name), { timeout: 20_000 }).toEqual([]);
  } finally {
    await engine.removeContainersNamed(name);
    await tearDownEngine(setup);
  }
});
