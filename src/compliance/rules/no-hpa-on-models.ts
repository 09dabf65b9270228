import { namespaceOf, refOf } from '../../kube/objects.ts';
import { list, type ComplianceRule } from './rule.ts';

/** A HorizontalPodAutoscaler on a model deployment fights azureml-fe's own autoscaler. */
export const noHpaOnModels: ComplianceRule = {
  needs: ['deployments'],
  evaluate({ snapshot, services }) {
    const offenders = snapshot.hpas.flatMap((hpa) => {
      const target = hpa.spec?.scaleTargetRef;
      const model =
        target?.kind === 'Deployment' ? services.find((s) => s.namespace === namespaceOf(hpa) && s.name === target.name) : undefined;
      return model ? [`${refOf(hpa)} -> deployment ${model.ref}`] : [];
    });
    const evidence = { modelDeployments: services.map((s) => s.ref), horizontalPodAutoscalers: snapshot.hpas.length, offenders };
    if (offenders.length)
      return { outcome: 'violation', message: `HorizontalPodAutoscaler on a model deployment: ${list(offenders)}`, evidence };
    return { outcome: 'pass', message: `no HorizontalPodAutoscaler targets the ${services.length} model deployment(s)`, evidence };
  },
};
