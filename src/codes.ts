// Every code aml-preflight emits, in one place (as undici keeps its error codes in
// lib/core/errors.js): each with its group, the severity it is reported with, what it
// means and what to do. Codes are public API: users grep logs and alert on them.
// The README's code tables (and docs/cluster.md's job codes) are the human copy of
// this module; test/codes.test.ts keeps them equal. Change a code only on purpose.
//
// severity: what a check reports with the code ('warn' codes never fail a check on
// their own; 'skip' marks a check that did not run).

export type CodeGroup = 'probe' | 'run' | 'in-cluster' | 'kubernetes' | 'job' | 'compliance' | 'explain' | 'azure';

export interface CodeEntry {
  group: CodeGroup;
  severity: 'fail' | 'warn' | 'skip';
  meaning: string;
  action: string;
}

export const CODES = {
  // The network probes (DNS -> TCP -> TLS -> HTTP, through the proxy and the firewall).
  DNS_NXDOMAIN: {
    group: 'probe',
    severity: 'fail',
    meaning: 'The resolver says the name does not exist (NXDOMAIN).',
    action:
      'Check the spelling; for a private endpoint, link the privatelink zone to the VNet or add the record to the zone your custom DNS serves.',
  },
  DNS_NODATA: {
    group: 'probe',
    severity: 'fail',
    meaning: 'The name exists but has no A/AAAA record at the end of its CNAME chain.',
    action: 'Add the missing A record (often in the privatelink zone the CNAME points to) or fix the zone the chain ends in.',
  },
  DNS_SERVFAIL: {
    group: 'probe',
    severity: 'fail',
    meaning: 'The resolver failed to resolve the name (SERVFAIL, or another server-side error code).',
    action: "Check the custom DNS server's forwarders: it must forward Azure zones to 168.63.129.16 and reach its upstreams.",
  },
  DNS_REFUSED: {
    group: 'probe',
    severity: 'fail',
    meaning: 'The resolver refused to answer this client or this zone (REFUSED).',
    action: "Allow the cluster subnet in the DNS server's recursion/ACL settings, or point the VNet at a resolver that serves it.",
  },
  DNS_TIMEOUT: {
    group: 'probe',
    severity: 'fail',
    meaning:
      'No usable answer from the resolver in time (no reply, ICMP unreachable, or a truncated answer whose TCP retry failed), or the resolver is still waiting on its own upstream or delegated servers.',
    action:
      'Allow UDP and TCP 53 from the nodes to the DNS server and check that the server is running; if it is, check that its forwarders (168.63.129.16 for Azure zones) and the name servers of the zone answer it.',
  },
  DNS_MALFORMED: {
    group: 'probe',
    severity: 'fail',
    meaning: 'The resolver answered with a packet that could not be parsed or did not match the question.',
    action: 'Look for a middlebox rewriting DNS on port 53, or a non-DNS service on the resolver address.',
  },
  DNS_INCONSISTENT: {
    group: 'probe',
    severity: 'warn',
    meaning:
      'The configured resolvers answered in ways that send traffic to different places: private vs public, another CNAME chain, an answer vs an error, or an address only some give (order, and edge addresses behind the same CDN chain, do not count).',
    action: 'Make every resolver the nodes use serve the same zones (split-horizon and stale forwarders give pods different answers).',
  },
  DNS_AAAA_DROPPED: {
    group: 'probe',
    severity: 'warn',
    meaning:
      'The resolver answers A queries but never AAAA queries: glibc on the nodes asks for both and waits, so every lookup stalls (AKS exit 50, Azure/AgentBaker#497).',
    action:
      'Let AAAA queries (UDP and TCP 53) through every firewall between the nodes and the DNS server, and make the server answer them, with an empty answer if there is no IPv6 address.',
  },
  DNS_SUSPECT_PRIVATE: {
    group: 'probe',
    severity: 'warn',
    meaning: 'The name resolves to a private address without a privatelink CNAME: a hijacked or stale DNS entry, not a private endpoint.',
    action:
      'Remove the override (hosts file, custom zone, conditional forwarder) or create a real private endpoint with its privatelink zone.',
  },
  TCP_REFUSED: {
    group: 'probe',
    severity: 'fail',
    meaning: 'The connection was actively refused (RST to the SYN): nothing listens, or a firewall rejects.',
    action: 'Check that the service listens on that address and port, and look for reject rules on NSGs and firewalls.',
  },
  TCP_RESET: {
    group: 'probe',
    severity: 'fail',
    meaning: 'The connection was accepted and then reset (typical of a firewall or proxy that inspects and rejects).',
    action: 'Check firewall application rules and proxy policies for this host and port.',
  },
  TCP_TIMEOUT: {
    group: 'probe',
    severity: 'fail',
    meaning:
      'No connection before the deadline: packets are dropped on the way (blackhole, firewall drop rule, missing route back); through a proxy, the proxy took the connection but held the CONNECT without an answer.',
    action:
      'Allow the destination in the NSG / Azure Firewall / route table (UDR) used by the node subnet; through a proxy, read its access log for this host (it may still be trying to reach it).',
  },
  TCP_UNREACHABLE: {
    group: 'probe',
    severity: 'fail',
    meaning: 'The network reported the destination unreachable (no route, ICMP unreachable, or a local address problem).',
    action: "Check the route table (UDR), the next-hop appliance and the node's own network configuration.",
  },
  TLS_UNTRUSTED: {
    group: 'probe',
    severity: 'fail',
    meaning: 'The certificate chain does not lead to a trusted root: usually a TLS-inspecting firewall or proxy re-signing traffic.',
    action: 'Exclude the host from TLS inspection, or add the inspecting CA to the trust store of every client (nodes and containers).',
  },
  TLS_HOSTNAME_MISMATCH: {
    group: 'probe',
    severity: 'fail',
    meaning: 'The certificate is trusted but not issued for the requested name: something else answers at this address.',
    action: 'Check DNS for this name (stale or hijacked record) and the SNI-based routing of any proxy or load balancer in the path.',
  },
  TLS_EXPIRED: {
    group: 'probe',
    severity: 'fail',
    meaning: 'The certificate is expired or not yet valid (or the local clock is wrong).',
    action: 'Check the clock of the probing machine; otherwise the presented certificate is stale, often from an inspecting middlebox.',
  },
  TLS_HANDSHAKE_TIMEOUT: {
    group: 'probe',
    severity: 'fail',
    meaning: 'TCP connected but the TLS handshake did not finish before the deadline.',
    action: 'Look for a firewall that holds connections after seeing the SNI, or a service on that port that does not speak TLS.',
  },
  TLS_HANDSHAKE_FAILED: {
    group: 'probe',
    severity: 'fail',
    meaning: 'The peer closed, reset, or answered something that is not TLS during the handshake.',
    action: 'Check firewall application rules for this FQDN (SNI filtering resets the handshake) and that the port serves TLS.',
  },
  HTTP_UNEXPECTED_STATUS: {
    group: 'probe',
    severity: 'fail',
    meaning: 'The server answered, but not as the real service does (status, required header, or not HTTP at all).',
    action: 'Something else answered (captive portal, proxy error page, wrong backend): check DNS, proxy and firewall for this host.',
  },
  HTTP_NOT_THE_SERVICE: {
    group: 'probe',
    severity: 'fail',
    meaning:
      "The status fits, but the answer carries none of the real service's signatures (a Kubernetes Status body or API Priority and Fairness headers, Azure's request ids, the registry's API version header).",
    action:
      'Something with a certificate this machine trusts answers for this name (a TLS-inspecting proxy, a stale DNS record or hosts entry pointing at another server): check DNS and the proxies in the path.',
  },
  HTTP_TIMEOUT: {
    group: 'probe',
    severity: 'fail',
    meaning: 'Connected, but the response headers did not arrive before the deadline.',
    action: 'Check proxies and firewalls that hold requests, and the health of the service.',
  },
  PROXY_DENIED: {
    group: 'probe',
    severity: 'fail',
    meaning: 'The HTTP proxy refused the request (non-2xx to CONNECT, 407, or its own error page).',
    action: "Allow the host in the proxy's policy (e.g. squid ACLs) or fix the proxy credentials.",
  },
  PROXY_UNREACHABLE: {
    group: 'probe',
    severity: 'fail',
    meaning: 'The configured HTTP proxy itself could not be reached.',
    action: 'Check the proxy address and port (HTTPS_PROXY) and that the nodes may reach it.',
  },
  PROXY_UPSTREAM_UNREACHABLE: {
    group: 'probe',
    severity: 'fail',
    meaning:
      'The HTTP proxy allowed the host but could not connect to it (squid ERR_CONNECT_FAIL / ERR_CANNOT_FORWARD, tinyproxy "Unable to connect", a 502/504 from the proxy).',
    action:
      "Look beyond the proxy: the proxy's own egress (its firewall, NSG, route table) must allow this host and port, and the service must be up.",
  },
  PROXY_UPSTREAM_DNS: {
    group: 'probe',
    severity: 'fail',
    meaning: 'The HTTP proxy allowed the host but could not resolve its name (squid ERR_DNS_FAIL).',
    action:
      'Fix the DNS the proxy itself uses (its resolv.conf or dns_nameservers): it must resolve this name, private endpoints included.',
  },
  FIREWALL_DENIED: {
    group: 'probe',
    severity: 'fail',
    meaning: 'Azure Firewall denied the request (HTTP 470, "Action: Deny").',
    action: 'Add an application rule (or the AzureKubernetesService FQDN tag) allowing this FQDN and port for the node subnet.',
  },
  // The run itself.
  RUN_DEADLINE: {
    group: 'run',
    severity: 'skip',
    meaning: "The whole run's deadline (--deadline) passed before this check could start.",
    action: 'Raise --deadline, or lower --timeout / raise --concurrency.',
  },
  INTERNAL_ERROR: {
    group: 'run',
    severity: 'fail',
    meaning: 'The check itself crashed: a bug in aml-preflight.',
    action: 'Report it with the JSON report attached.',
  },
  // The checks that need the cluster (cluster run), from a pod.
  POD_UNREACHABLE: {
    group: 'in-cluster',
    severity: 'fail',
    meaning: 'An azureml-fe peer or a model pod did not accept a connection from this pod.',
    action: "Check NetworkPolicies in the router and model namespaces and NSGs between the node pools' subnets.",
  },
  EXTENSION_HEALTHCHECK_FAILED: {
    group: 'in-cluster',
    severity: 'fail',
    meaning:
      "The Azure ML extension's own HealthCheck (config map arcml-healthcheck in namespace azureml) reports an error code (E45003 BAD_NETWORK_CONNECTIVITY, E45004/E45005 a v1 azureml-fe in the way…); for E45003 the message names the hosts this run found blocked.",
    action:
      'Fix what the HealthCheck code and the named hosts say (for E45004/E45005 run audit --rule-set aml-migration), then reinstall the extension; kubectl get configmap arcml-healthcheck -n azureml -o yaml shows the report.',
  },
  // The Kubernetes API, from a pod (the in-cluster checks fail with these) or from this machine
  // (cluster run, audit: exit 3, or exit 2 for K8S_NOT_FOUND and K8S_INVALID).
  K8S_UNREACHABLE: {
    group: 'kubernetes',
    severity: 'fail',
    meaning:
      "The Kubernetes API server did not answer (connection or TLS error, deadline, or a 5xx): from a pod, through the in-cluster service or the public FQDN; from this machine, at the kubeconfig's server.",
    action:
      "Allow the pods to reach the API server on 443 through both paths (NSG, firewall, private cluster DNS); from this machine, check the kubeconfig context and the route to its server; check the cluster's health.",
  },
  K8S_UNAUTHORIZED: {
    group: 'kubernetes',
    severity: 'fail',
    meaning:
      "The API server rejected the credentials (401): the pod's service account token, or the kubeconfig's (missing, expired, or for another cluster).",
    action:
      'In a pod, check that service account tokens are mounted and valid for this cluster (token projection, a rotated signing key); from this machine, refresh the kubeconfig (az aks get-credentials, kubelogin).',
  },
  K8S_FORBIDDEN: {
    group: 'kubernetes',
    severity: 'fail',
    meaning:
      "RBAC forbids what is needed (403): the router's service account may not list endpoints or model deployments, this preflight was not granted its read-only ClusterRole, or the kubeconfig's user may not create what cluster run and audit need.",
    action:
      "Restore the router's RBAC (re-attach the cluster) or have a cluster admin apply deploy/ once (kubectl apply -k deploy/) for the preflight's own ClusterRole.",
  },
  K8S_NOT_FOUND: {
    group: 'kubernetes',
    severity: 'fail',
    meaning: 'The API server has no such object (404): a namespace, a ConfigMap, a Deployment, or an API this cluster does not serve.',
    action:
      'Check the names the message gives (--namespace, --context, the object); an API the cluster does not serve is an add-on or a version it lacks.',
  },
  K8S_CONFLICT: {
    group: 'kubernetes',
    severity: 'fail',
    meaning: 'The object already exists or changed since it was read (409): another run, or another writer, holds the same name.',
    action:
      'Rerun once the other run has finished; an object of that name that aml-preflight did not create is never replaced: remove it or use another --namespace.',
  },
  K8S_INVALID: {
    group: 'kubernetes',
    severity: 'fail',
    meaning: 'The API server rejected the request as invalid (400 or 422): a name, label or field this cluster does not accept.',
    action:
      "Read the server's message: it names the field; fix the flag or the profile value it comes from (--namespace, --image, tolerations).",
  },
  // cluster run: the ways one node pool's Job fails before any check runs (the others' report is still printed).
  JOB_REJECTED: {
    group: 'job',
    severity: 'fail',
    meaning:
      "The API server or an admission policy refused the Job or its pod (ResourceQuota, Azure Policy / Gatekeeper, Pod Security Admission): on create, or as the Job's FailedCreate event.",
    action:
      "Read the policy's message; allow the aml-preflight namespace, raise the quota, or run in a namespace the policy admits (--namespace).",
  },
  POD_UNSCHEDULABLE: {
    group: 'job',
    severity: 'fail',
    meaning:
      'No node of the pool could take the pod before --schedule-timeout (default 120 s): no such pool, cordoned nodes, no room for its requests.',
    action:
      "Check the pool's nodes (kubectl get nodes -l agentpool=POOL) and their free CPU and memory; uncordon them or scale the pool up.",
  },
  IMAGE_PULL_FAILED: {
    group: 'job',
    severity: 'fail',
    meaning:
      'The node could not pull the preflight image (ErrImagePull, ImagePullBackOff, InvalidImageName): wrong name or tag, no pull permission, or the registry is unreachable from the node.',
    action:
      "Push the image to the cluster's ACR and pass --image; attach the ACR to the cluster (az aks update --attach-acr); an unreachable registry is the model-deploy phase failing.",
  },
  JOB_DEADLINE_EXCEEDED: {
    group: 'job',
    severity: 'fail',
    meaning: 'The Job ran longer than its activeDeadlineSeconds (600) and Kubernetes stopped it.',
    action: "Look at the pod's last log lines; a probe hangs only when the API server or DNS does not answer at all.",
  },
  POD_FAILED: {
    group: 'job',
    severity: 'fail',
    meaning:
      'The preflight container ended without a report: it crashed, was OOM-killed, or rejected its input (exit 2); its last words follow.',
    action: "Read the message (the container's last words) and fix the profile; for OOMKilled raise the memory limit in deploy/.",
  },
  WAIT_TIMEOUT: {
    group: 'job',
    severity: 'fail',
    meaning:
      'The run did not finish before --wait (default 900 s); the Job is left for Kubernetes to end (activeDeadlineSeconds) and removed.',
    action: 'Rerun with a longer --wait; look at the pod with kubectl describe pod.',
  },
  REPORT_MISSING: {
    group: 'job',
    severity: 'fail',
    meaning: "The pod finished but its log holds no report of this tool's version.",
    action: 'Use an image built from the same aml-preflight version as the CLI (--image).',
  },
  // The platform's compliance rules (rules/compliance*.yaml name the code each rule reports on a violation).
  HPA_ON_MODEL: {
    group: 'compliance',
    severity: 'fail',
    meaning: 'A HorizontalPodAutoscaler targets a model deployment: it fights azureml-fe, which scales the model replicas itself.',
    action:
      'Delete the HorizontalPodAutoscaler and set autoscale_min_replicas / autoscale_max_replicas / autoscale_target_utilization on the web service instead.',
  },
  CONTAINER_INSIGHTS_ABSENT: {
    group: 'compliance',
    severity: 'warn',
    meaning:
      "Container Insights does not run (no ama-logs or omsagent DaemonSet in kube-system): the containers' logs, the router's included, are kept nowhere.",
    action: 'Enable Container Insights (az aks enable-addons --addons monitoring), which runs the ama-logs DaemonSet in kube-system.',
  },
  DEFENDER_SENSOR_ABSENT: {
    group: 'compliance',
    severity: 'warn',
    meaning:
      'The Microsoft Defender for Containers sensor does not run (no microsoft-defender-* DaemonSet in kube-system, none in mdc): the cluster and the model images are not monitored.',
    action: 'Enable Defender for Containers on the subscription and its sensor on the cluster (az aks update --enable-defender).',
  },
  ACCELERATOR_ON_SECONDARY_POOL: {
    group: 'compliance',
    severity: 'fail',
    meaning: "A model that requests a GPU or FPGA runs on, or is pinned to, a node pool other than the cluster's first: not supported.",
    action: 'Deploy GPU/FPGA models to a cluster created with a GPU/FPGA VM size for its first node pool, not to a secondary pool.',
  },
  DEVTEST_AUTOSCALE: {
    group: 'compliance',
    severity: 'warn',
    meaning: "The cluster's purpose is DevTest, where the router's self-scaler is off, yet services rely on autoscaling.",
    action: 'Attach the cluster with cluster_purpose FastProd or DenseProd for production load, or give the services a fixed num_replicas.',
  },
  TOKEN_AUTH_CROSS_REGION: {
    group: 'compliance',
    severity: 'warn',
    meaning:
      'Services use token auth and the workspace is in another region than the cluster: every request calls that region, is slower, and fails when that region is down.',
    action: "Keep the workspace in the cluster's region when services use token (Entra) authentication, or use key authentication.",
  },
  MODEL_AUTH_DISABLED: {
    group: 'compliance',
    severity: 'warn',
    meaning: 'A model service has auth_enabled false and no token auth: it answers anyone who can reach the endpoint.',
    action: 'Redeploy the service with key (auth_enabled=True) or token (token_auth_enabled=True) authentication.',
  },
  MAX_REPLICAS_BELOW_LOAD: {
    group: 'compliance',
    severity: 'warn',
    meaning:
      "A service's autoscale_max_replicas is below the replicas its declared load (--load) needs: azureml-fe never scales past it, so requests queue and time out.",
    action:
      'Raise autoscale_max_replicas to at least ceil(rps x request_seconds / target_utilization / max_concurrent_requests_per_container), and make sure the node pool has room for that many replicas (azureml-fe never adds nodes).',
  },
  MIGRATION_FE_NOT_ANNOTATED: {
    group: 'compliance',
    severity: 'fail',
    meaning:
      'The v1 azureml-fe deployment in namespace default lacks the annotation azureml-fe-enable-upgrade=true: the extension cannot take it over, and its HealthCheck fails with E45004/E45005.',
    action:
      'kubectl annotate deployment azureml-fe -n default azureml-fe-enable-upgrade=true, then install the extension with --config scoringFe.enableUpgrade=true.',
  },
  MIGRATION_NAMESPACE_CONFLICT: {
    group: 'compliance',
    severity: 'fail',
    meaning:
      "The Kubernetes compute is (to be) attached in a v1 workspace namespace, azureml-<workspace>, where the extension's HealthCheck fails.",
    action: 'kubectl create namespace NAMESPACE, then az ml compute attach ... --type Kubernetes --namespace NAMESPACE.',
  },
  MIGRATION_FIREWALL_DIFFERENCE: {
    group: 'compliance',
    severity: 'warn',
    meaning:
      'What the move to the extension newly needs the firewall to open, and what it no longer needs (the rule always passes; its message and evidence name both).',
    action:
      'Before the move firewall generate --rule-set aml --rule-set aml-extension; after it firewall generate --rule-set aml-extension.',
  },
  // aml-preflight explain: findings on the path from the node subnet (they never fail on their own: the verdict does).
  EXPLAIN_DNS_ZONE_NOT_LINKED: {
    group: 'explain',
    severity: 'warn',
    meaning:
      "The privatelink zone that holds the private endpoint's record is not linked to the VNet whose resolver the nodes use (their own VNet with Azure DNS, or the VNet the custom DNS servers run in): the nodes get the public address.",
    action:
      'Link the zone to that VNet (the minimal fix shows the virtualNetworkLinks resource), or make the custom DNS servers forward the privatelink zone to 168.63.129.16.',
  },
  EXPLAIN_DNS_RECORD_MISSING: {
    group: 'explain',
    severity: 'warn',
    meaning:
      'The resource has a private endpoint and its privatelink zone exists, but the zone has no A record for the host: the name ends in NXDOMAIN.',
    action: 'Add the A record (or a private DNS zone group on the private endpoint, which writes it).',
  },
  EXPLAIN_DNS_ZONE_MISSING: {
    group: 'explain',
    severity: 'warn',
    meaning:
      'The resource has a private endpoint, but the snapshot holds no privatelink zone for the host: the nodes get its public address.',
    action:
      "Create the privatelink zone with the endpoint's record and link it, or include the zone in the snapshot if it lives in another subscription.",
  },
  EXPLAIN_DNS_UNKNOWN_RESOLVER: {
    group: 'explain',
    severity: 'warn',
    meaning:
      "The VNet's custom DNS servers are in no VNet of the snapshot (on premises, or another subscription): whether they forward the privatelink zone cannot be told, so the host may resolve privately or publicly.",
    action:
      'Check that the servers forward the privatelink zone to Azure DNS (168.63.129.16) through a VNet the zone is linked to; add that VNet to the snapshot.',
  },
  EXPLAIN_DEPENDS_ON_DNS: {
    group: 'explain',
    severity: 'warn',
    meaning:
      'The host may resolve to its private endpoint or to its public address (see EXPLAIN_DNS_UNKNOWN_RESOLVER), and the two paths give different verdicts.',
    action: 'Settle the DNS first: the verdict follows from it.',
  },
  EXPLAIN_DEPENDS_ON_IP_RANGES: {
    group: 'explain',
    severity: 'warn',
    meaning:
      'A rule that may match first (a service tag such as AzureCloud, a CIDR, an application security group, an IP group) needs IP ranges the snapshot does not hold, and its action differs from the verdict otherwise reached.',
    action:
      "Name the destination by the requirement's own service tag or FQDN in that rule, or check the ranges by hand (Azure publishes the service tags' ranges weekly).",
  },
  EXPLAIN_DEPENDS_ON_ADDRESS: {
    group: 'explain',
    severity: 'warn',
    meaning:
      'The destination has no address in the snapshot, so the 0.0.0.0/0 route decides; a more specific user-defined route would apply if the address fell in it.',
    action: "Check the host's public address against the routes named, or route by service tag.",
  },
  EXPLAIN_ROUTE_UNKNOWN_HOP: {
    group: 'explain',
    severity: 'warn',
    meaning:
      'The route sends the traffic to a virtual network gateway (VPN, ExpressRoute): what happens on premises is not in the snapshot.',
    action: 'Check the on-premises firewall and routes for this host, or route Azure traffic through the hub firewall.',
  },
  EXPLAIN_UNKNOWN_APPLIANCE: {
    group: 'explain',
    severity: 'warn',
    meaning: "The route's next hop is a virtual appliance that is not an Azure Firewall of the snapshot: its rules cannot be read.",
    action: "Check the appliance's own rules for this host and port, or include the Azure Firewall whose private IP is the next hop.",
  },
  EXPLAIN_UDR_WITHOUT_DEFAULT_ROUTE: {
    group: 'explain',
    severity: 'warn',
    meaning: "The cluster's outboundType is userDefinedRouting but the node subnet has no 0.0.0.0/0 route.",
    action: 'Add a 0.0.0.0/0 route to the firewall (AKS requires one for userDefinedRouting).',
  },
  EXPLAIN_RESOURCE_MISSING: {
    group: 'explain',
    severity: 'warn',
    meaning:
      'A resource on the path (the NSG, the route table, the firewall policy or its base policy) is referenced but not in the snapshot.',
    action: 'Add it to the snapshot (discover --save-snapshot reads it when the identity may read it).',
  },
  EXPLAIN_FQDN_NETWORK_RULE_WITHOUT_PROXY: {
    group: 'explain',
    severity: 'warn',
    meaning:
      "A network rule names the host by FQDN, but the firewall policy's DNS proxy is off: network rules match FQDNs only through it.",
    action:
      "Turn on the DNS proxy (dnsSettings.enableProxy) and point the VNet's DNS at the firewall, or use an application rule or an address.",
  },
  EXPLAIN_FQDN_RULE_NOT_ENOUGH: {
    group: 'explain',
    severity: 'warn',
    meaning:
      "The nodes reach the API server by name, but in-cluster clients (azureml-fe's peer and model discovery) call it by the kubernetes service's address, with no name an application rule or FQDN tag can match.",
    action:
      "Add a network rule for TCP 443 to the API server's address (or its AzureCloud.<region> service tag), or annotate the pods kubernetes.azure.com/set-kube-service-host-fqdn.",
  },
  EXPLAIN_PUBLIC_ACCESS_DISABLED: {
    group: 'explain',
    severity: 'warn',
    meaning: 'The path reaches the resource by its public address, but the resource has publicNetworkAccess Disabled.',
    action: 'Fix the private DNS (the resource is meant to be reached through its private endpoint), or allow public access.',
  },
  EXPLAIN_PUBLIC_ACCESS_RESTRICTED: {
    group: 'explain',
    severity: 'warn',
    meaning:
      'The storage account accepts public traffic only from selected networks: whether the egress address is among them is not in the snapshot.',
    action: "Allow the firewall's or NAT gateway's public address in the account's networkAcls, or use a private endpoint.",
  },
  EXPLAIN_ALLOWS_PROBE_FAILED: {
    group: 'explain',
    severity: 'warn',
    meaning:
      "check --azure-snapshot: the configuration allows the requirement, yet the probe failed: something the snapshot does not show is in the path (a proxy, an appliance, on-premises DNS, a stale record, this run's own network).",
    action:
      "Read the check's evidence.explain: it names what may be in the path; run the check from the node subnet (cluster run) to rule out this machine's network.",
  },
  EXPLAIN_DENIES_PROBE_PASSED: {
    group: 'explain',
    severity: 'warn',
    meaning:
      "check --azure-snapshot: the configuration denies the requirement, yet the probe passed: the probe did not take the nodes' path (a proxy, this run's own network) or the snapshot is older than the network.",
    action: 'Run the check from the node subnet (cluster run), or refresh the snapshot (discover --save-snapshot).',
  },
  // Discovery (check with --workspace, --cluster or --azure-snapshot): Azure's list against the catalog.
  AZURE_UNLISTED_HOST: {
    group: 'azure',
    severity: 'warn',
    meaning:
      "Azure's own list for the cluster or the workspace (outboundNetworkDependenciesEndpoints) names a host that no requirement of the catalog covers, so no check probes it.",
    action:
      'Open the host if the cluster needs it (Azure lists it for a reason: optional Ubuntu archives, a GPU driver feed, an add-on), or add a requirement for it with --rules-file; the warning names the list and category.',
  },
} as const satisfies Record<string, CodeEntry>;

export type Code = keyof typeof CODES;

/** The codes of one group, as a type: a producer says which codes it may emit. */
export type CodeOf<G extends CodeGroup> = { [C in Code]: (typeof CODES)[C]['group'] extends G ? C : never }[Code];

/** What the network probes report (DNS, TCP, TLS, HTTP, proxy, firewall). */
export type ProbeCode = CodeOf<'probe'>;

export const isCode = (value: string): value is Code => Object.hasOwn(CODES, value);

/** The codes of one group, in the registry's order. */
export function codesOf<G extends CodeGroup>(group: G): CodeOf<G>[] {
  return (Object.keys(CODES) as Code[]).filter((c): c is CodeOf<G> => CODES[c].group === group);
}
