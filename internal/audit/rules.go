package audit

// Rules is the table of every check the audit runs, in ID order. IDs are stable: a
// rule that is retired keeps its number and a new rule takes the next free one.
// SS000 is not a check but the finding for a file that could not be read or parsed.
var Rules = []Rule{
	{
		ID: "SS000", Severity: High, Kinds: Dockerfile | Compose, Concern: ConcernParse,
		Title: "file could not be read or parsed",
		Fix:   "Fix the syntax error the parser reports; nothing else in the file was checked.",
	},
	{
		ID: "SS001", Severity: Medium, Kinds: Dockerfile | Compose, Concern: ConcernBase,
		Title: "image has no tag or uses latest",
		Fix:   "Pin the image to a version tag (python:3.13-slim-trixie), or by digest for reproducible builds.",
		Refs: Refs{
			Hadolint: []string{"DL3006", "DL3007"}, Trivy: []string{"DS-0001"},
			KICS: []string{"Image Version Not Explicit", "Image Version Using 'latest'"},
		},
	},
	{
		ID: "SS002", Severity: High, Kinds: Dockerfile | Compose, Concern: ConcernBase,
		Title: "base image has reached end of life",
		Fix:   "Move to a supported release: Python 3.11 or later on Debian trixie or bookworm.",
		Refs:  Refs{CIS: []string{"4.4"}},
	},
	{
		ID: "SS003", Severity: High, Kinds: Dockerfile, Concern: ConcernUser,
		Title: "final stage runs as root",
		Fix:   "Create a user with groupadd/useradd and end the final stage with USER <uid>:<gid> (numeric).",
		Refs: Refs{
			Hadolint: []string{"DL3002"}, Trivy: []string{"DS-0002"},
			KICS: []string{"Missing User Instruction"}, CIS: []string{"4.1"},
		},
	},
	{
		ID: "SS004", Severity: Low, Kinds: Dockerfile, Concern: ConcernBuild,
		Title: "ADD used where COPY fits",
		Fix:   "Use COPY for local files; fetch remote files in a RUN with a checksum check.",
		Refs: Refs{
			Hadolint: []string{"DL3020"}, Trivy: []string{"DS-0005"},
			KICS: []string{"Add Instead of Copy"}, CIS: []string{"4.9"},
		},
	},
	{
		ID: "SS005", Severity: Low, Kinds: Dockerfile, Concern: ConcernCommand,
		Title: "CMD or ENTRYPOINT in shell form",
		Fix:   `Use the exec form, CMD ["uvicorn", "app.main:app", ...], so the process gets signals and no shell runs.`,
		Refs:  Refs{Hadolint: []string{"DL3025"}, Docker: []string{"JSONArgsRecommended"}},
	},
	{
		ID: "SS006", Severity: Low, Kinds: Dockerfile, Concern: ConcernHealth,
		Title: "final stage has no HEALTHCHECK",
		Fix:   `Add HEALTHCHECK --interval=30s --timeout=10s --start-period=40s --retries=3 CMD ["python", "-c", "..."].`,
		Refs: Refs{
			Hadolint: []string{"DL3057"}, Trivy: []string{"DS-0026"},
			KICS: []string{"Healthcheck Instruction Missing"}, CIS: []string{"4.6"},
		},
	},
	{
		ID: "SS007", Severity: Medium, Kinds: Dockerfile, Concern: ConcernBuild,
		Title: "apt-get update without install in the same RUN",
		Fix:   "Run apt-get update and apt-get install in one RUN so a cached index never serves a later install.",
		Refs: Refs{
			Trivy: []string{"DS-0017"}, KICS: []string{"Update Instruction Alone"}, CIS: []string{"4.7"},
		},
	},
	{
		ID: "SS008", Severity: Low, Kinds: Dockerfile, Concern: ConcernBuild,
		Title: "apt-get install without -y or --no-install-recommends",
		Fix:   "Use apt-get install -y --no-install-recommends <packages>.",
		Refs: Refs{
			Hadolint: []string{"DL3014", "DL3015"}, Trivy: []string{"DS-0021", "DS-0029"},
			KICS: []string{"Apt Get Install Without -y", "APT-GET Not Avoiding Additional Packages"},
		},
	},
	{
		ID: "SS009", Severity: Low, Kinds: Dockerfile, Concern: ConcernBuild,
		Title: "apt lists not removed in the same RUN",
		Fix:   "End the install RUN with rm -rf /var/lib/apt/lists/*, or use a cache mount on /var/lib/apt.",
		Refs: Refs{
			Hadolint: []string{"DL3009"}, KICS: []string{"Apt Get Install Lists Were Not Deleted"},
		},
	},
	{
		ID: "SS010", Severity: Medium, Kinds: Dockerfile, Concern: ConcernBuild,
		Title: "package upgrade inside the image",
		Fix:   "Drop apt-get upgrade/dist-upgrade; rebuild on a newer base image to get security updates.",
		Refs:  Refs{Hadolint: []string{"DL3005"}, Trivy: []string{"DS-0024"}},
	},
	{
		ID: "SS011", Severity: Low, Kinds: Dockerfile, Concern: ConcernBuild,
		Title: "pip install keeps its cache",
		Fix:   "Add --no-cache-dir, or use RUN --mount=type=cache,target=/root/.cache/pip.",
		Refs: Refs{
			Hadolint: []string{"DL3042"}, KICS: []string{"Pip install Keeping Cached Packages"},
		},
	},
	{
		ID: "SS012", Severity: High, Kinds: Dockerfile, Concern: ConcernSupply,
		Title: "remote script piped into a shell",
		Fix:   "Download to a file, verify its checksum or signature, then run it; or install from a package.",
	},
	{
		ID: "SS013", Severity: Medium, Kinds: Dockerfile, Concern: ConcernUser,
		Title: "sudo used in RUN",
		Fix:   "Run the step before USER switches away from root, or use gosu/setpriv at run time.",
		Refs: Refs{
			Hadolint: []string{"DL3004"}, Trivy: []string{"DS-0010"}, KICS: []string{"Run Using Sudo"},
		},
	},
	{
		ID: "SS014", Severity: Low, Kinds: Dockerfile, Concern: ConcernBuild,
		Title: "MAINTAINER is deprecated",
		Fix:   `Use LABEL org.opencontainers.image.authors="..." instead.`,
		Refs: Refs{
			Hadolint: []string{"DL4000"}, Trivy: []string{"DS-0022"},
			KICS: []string{"Maintainer Instruction Being Used"},
		},
	},
	{
		ID: "SS015", Severity: High, Kinds: Dockerfile, Concern: ConcernSecrets,
		Title: "secret in ARG or ENV",
		Fix:   "Pass secrets with RUN --mount=type=secret at build time and Compose secrets at run time; ARG and ENV stay in the image history.",
		Refs: Refs{
			Trivy: []string{"DS-0031"}, KICS: []string{"Passwords And Secrets - Generic Password"},
			CIS: []string{"4.10"}, Docker: []string{"SecretsUsedInArgOrEnv"},
		},
	},
	{
		ID: "SS016", Severity: Low, Kinds: Dockerfile, Concern: ConcernBuild,
		Title: "relative WORKDIR",
		Fix:   "Use an absolute path, such as WORKDIR /app.",
		Refs: Refs{
			Hadolint: []string{"DL3000"}, Trivy: []string{"DS-0009"},
			KICS: []string{"WORKDIR Path Not Absolute"}, Docker: []string{"WorkdirRelativePath"},
		},
	},
	{
		ID: "SS017", Severity: Low, Kinds: Dockerfile, Concern: ConcernBuild,
		Title: "cd in RUN instead of WORKDIR",
		Fix:   "Set the directory with WORKDIR, or confine cd to a subshell: (cd src && make).",
		Refs:  Refs{Hadolint: []string{"DL3003"}, Trivy: []string{"DS-0013"}},
	},
	{
		ID: "SS018", Severity: Low, Kinds: Dockerfile, Concern: ConcernBuild,
		Title: "pipe in RUN without pipefail",
		Fix:   `Add SHELL ["/bin/bash", "-o", "pipefail", "-c"] before the RUN, or start it with set -o pipefail.`,
		Refs:  Refs{Hadolint: []string{"DL4006"}},
	},
	{
		ID: "SS019", Severity: Medium, Kinds: Dockerfile, Concern: ConcernSurface,
		Title: "build tools installed in the final image",
		Fix:   "Install compilers in a builder stage and copy only the results (a venv, wheels) into the runtime stage.",
		Refs:  Refs{CIS: []string{"4.3"}},
	},
	{
		ID: "SS020", Severity: Medium, Kinds: Dockerfile | Compose, Concern: ConcernCommand,
		Title: "development flag outside a development setup",
		Fix:   "Keep --reload and debug modes in Dockerfile.dev or a Compose service in a dev profile.",
	},
	{
		ID: "SS021", Severity: Critical, Kinds: Compose, Concern: ConcernIsolation,
		Title: "service runs privileged",
		Fix:   "Remove privileged: true; add back only the one capability the service needs with cap_add.",
		Refs:  Refs{KICS: []string{"Privileged Containers Enabled"}, CIS: []string{"5.4"}},
	},
	{
		ID: "SS022", Severity: Critical, Kinds: Compose, Concern: ConcernIsolation,
		Title: "container runtime socket mounted",
		Fix:   "Do not mount docker.sock; a process that can reach it controls the host.",
		Refs:  Refs{KICS: []string{"Docker Socket Mounted In Container"}, CIS: []string{"5.31"}},
	},
	{
		ID: "SS023", Severity: High, Kinds: Compose, Concern: ConcernIsolation,
		Title: "sensitive host path mounted",
		Fix:   "Mount only project folders or named volumes, never system paths such as /, /etc, /proc or /var/run.",
		Refs:  Refs{KICS: []string{"Volume Has Sensitive Host Directory"}, CIS: []string{"5.5"}},
	},
	{
		ID: "SS024", Severity: High, Kinds: Compose, Concern: ConcernIsolation,
		Title: "host namespace shared",
		Fix:   "Remove network_mode/pid/ipc/uts/userns_mode: host; use a user-defined network instead.",
		Refs: Refs{
			KICS: []string{"Host Namespace is Shared"},
			CIS:  []string{"5.9", "5.15", "5.16", "5.20", "5.30"},
		},
	},
	{
		ID: "SS025", Severity: High, Kinds: Compose, Concern: ConcernUser,
		Title: "service runs as root or sets no user",
		Fix:   `Set user: "1001:1001" (numeric, non-zero) on the service.`,
		Refs:  Refs{CIS: []string{"4.1"}},
	},
	{
		ID: "SS026", Severity: Medium, Kinds: Compose, Concern: ConcernPrivilege,
		Title: "capabilities not dropped",
		Fix:   "Add cap_drop: [ALL] and add back only what the service needs.",
		Refs:  Refs{KICS: []string{"Container Capabilities Unrestricted"}, CIS: []string{"5.3"}},
	},
	{
		ID: "SS027", Severity: High, Kinds: Compose, Concern: ConcernPrivilege,
		Title: "dangerous capability added",
		Fix:   "Remove the capability from cap_add; SYS_ADMIN, NET_ADMIN, SYS_PTRACE and the like open paths to the host.",
		Refs:  Refs{KICS: []string{"Container Capabilities Unrestricted"}, CIS: []string{"5.3"}},
	},
	{
		ID: "SS028", Severity: Medium, Kinds: Compose, Concern: ConcernPrivilege,
		Title: "no-new-privileges not set",
		Fix:   `Add security_opt: ["no-new-privileges:true"].`,
		Refs:  Refs{KICS: []string{"No New Privileges Not Set"}, CIS: []string{"5.25"}},
	},
	{
		ID: "SS029", Severity: Low, Kinds: Compose, Concern: ConcernPrivilege,
		Title: "root filesystem is writable",
		Fix:   "Set read_only: true and give the service a tmpfs for /tmp and any other path it writes.",
		Refs:  Refs{CIS: []string{"5.12"}},
	},
	{
		ID: "SS030", Severity: Medium, Kinds: Compose, Concern: ConcernLimits,
		Title: "memory, CPU or PID limit missing",
		Fix:   "Set deploy.resources.limits with memory, cpus and pids.",
		Refs: Refs{
			KICS: []string{"Memory Not Limited", "Cpus Not Limited", "Pids Limit Not Set"},
			CIS:  []string{"5.10", "5.11", "5.28"},
		},
	},
	{
		ID: "SS031", Severity: Medium, Kinds: Compose, Concern: ConcernNetwork,
		Title: "port published on all host interfaces",
		Fix:   `Bind to one address: "127.0.0.1:8000:8000".`,
		Refs: Refs{
			KICS: []string{"Container Traffic Not Bound To Host Interface"}, CIS: []string{"5.13"},
		},
	},
	{
		ID: "SS032", Severity: Low, Kinds: Compose, Concern: ConcernHealth,
		Title: "service has no healthcheck",
		Fix:   "Add a healthcheck with a test that works inside the image, and depend on it with condition: service_healthy.",
		Refs:  Refs{KICS: []string{"Healthcheck Not Set"}, CIS: []string{"5.26"}},
	},
	{
		ID: "SS033", Severity: High, Kinds: Compose, Concern: ConcernSecrets,
		Title: "literal secret in environment",
		Fix:   "Use Compose secrets (POSTGRES_PASSWORD_FILE=/run/secrets/...) or ${VAR} from an untracked .env file.",
		Refs:  Refs{KICS: []string{"Passwords And Secrets - Generic Password"}, CIS: []string{"4.10"}},
	},
	{
		ID: "SS034", Severity: Low, Kinds: Compose, Concern: ConcernBuild,
		Title: "obsolete version key",
		Fix:   "Delete the top-level version key; the Compose specification ignores it.",
	},
	{
		ID: "SS035", Severity: High, Kinds: Compose, Concern: ConcernSupply,
		Title: "command installs packages at start",
		Fix:   "Install dependencies in the image build (a Dockerfile with a cached dependency layer), never at container start.",
	},
	{
		ID: "SS036", Severity: Medium, Kinds: Compose, Concern: ConcernCommand,
		Title: "command runs through sh -c",
		Fix:   `Give command: an exec list, ["uvicorn", "app.main:app", ...], with no shell in between.`,
	},
}

// Concerns lists the report sections in the order they are printed, each with the
// heading the markdown and text reports use.
var Concerns = []struct {
	Concern Concern
	Heading string
}{
	{ConcernParse, "Parsing"},
	{ConcernUser, "Non-root execution"},
	{ConcernPrivilege, "Privileges and capabilities"},
	{ConcernIsolation, "Host isolation"},
	{ConcernBase, "Base images"},
	{ConcernSurface, "Minimal attack surface"},
	{ConcernSupply, "Supply chain"},
	{ConcernSecrets, "Secrets"},
	{ConcernBuild, "Build hygiene"},
	{ConcernCommand, "Runtime command"},
	{ConcernHealth, "Health checks"},
	{ConcernLimits, "Resource limits"},
	{ConcernNetwork, "Network exposure"},
}
