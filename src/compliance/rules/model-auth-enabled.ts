import { list, type ComplianceRule } from './rule.ts';

/** auth_enabled=False (without token auth) leaves a service open to anyone who reaches it. */
export const modelAuthEnabled: ComplianceRule = {
  needs: ['deployments'],
  evaluate({ services }) {
    const open = services.filter((s) => !s.settings.authEnabled.value && !s.settings.tokenAuthEnabled.value);
    const evidence = {
      services: services.map((s) => ({
        deployment: s.ref,
        authEnabled: s.settings.authEnabled,
        tokenAuthEnabled: s.settings.tokenAuthEnabled,
      })),
    };
    if (open.length)
      return { outcome: 'violation', message: `model service(s) with authentication disabled: ${list(open.map((s) => s.ref))}`, evidence };
    return {
      outcome: 'pass',
      message: services.length
        ? `all ${services.length} model service(s) require key or token authentication`
        : 'no model service deployed',
      evidence,
    };
  },
};
