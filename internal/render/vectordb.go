package render

// VectorDB is what the Compose file needs to run one vector database: a pinned
// image, the user it runs as, where it keeps data, how its health is probed inside
// the image, and how the API reaches it.
type VectorDB struct {
	Image     string            // official image at a pinned tag
	User      string            // "UID:GID" the image runs as; empty means the image's own root
	RootWhy   string            // why the image must keep root, written as a comment
	Port      int               // port inside the Compose network
	DataPath  string            // where the named volume is mounted
	Env       map[string]string // environment of the database service
	Health    []string          // healthcheck test, exec form ("CMD", ...)
	URL       string            // VECTORDB_URL for the API
	Tmpfs     []string          // writable paths besides the data volume, for read_only
	Secret    string            // Compose secret the service and the API read, if any
	SecretEnv string            // the API's variable naming the secret file
}

// httpProbe is a health check for images that have bash but no HTTP client: it
// sends a plain HTTP/1.0 request over bash's /dev/tcp and expects a 200 status.
func httpProbe(port, path string) []string {
	return []string{"CMD", "bash", "-c",
		"exec 3<>/dev/tcp/127.0.0.1/" + port + " && printf 'GET " + path +
			" HTTP/1.0\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"}
}

// vectorDBs lists the supported databases. Tags are pinned; update them together
// with the golden files.
var vectorDBs = map[string]VectorDB{
	"qdrant": {
		Image:    "qdrant/qdrant:v1.15.4-unprivileged",
		User:     "1000:1000",
		Port:     6333,
		DataPath: "/qdrant/storage",
		Env: map[string]string{
			"QDRANT__SERVICE__HTTP_PORT":      "6333",
			"QDRANT__STORAGE__SNAPSHOTS_PATH": "/qdrant/storage/snapshots",
			"QDRANT_INIT_FILE_PATH":           "/tmp/.qdrant-initialized",
		},
		Health: httpProbe("6333", "/readyz"),
		URL:    "http://vectordb:6333",
		Tmpfs:  []string{"/tmp"},
	},
	"chroma": {
		Image:    "chromadb/chroma:1.5.9",
		RootWhy:  "the chroma image has no non-root user; it keeps root without any capability",
		Port:     8000,
		DataPath: "/data",
		Env:      map[string]string{"IS_PERSISTENT": "TRUE", "ANONYMIZED_TELEMETRY": "FALSE"},
		Health:   httpProbe("8000", "/api/v2/heartbeat"),
		URL:      "http://vectordb:8000",
		Tmpfs:    []string{"/tmp"},
	},
	"weaviate": {
		Image:    "cr.weaviate.io/semitechnologies/weaviate:1.32.0",
		RootWhy:  "the weaviate image has no non-root user; it keeps root without any capability",
		Port:     8080,
		DataPath: "/var/lib/weaviate",
		Env: map[string]string{
			"PERSISTENCE_DATA_PATH":                   "/var/lib/weaviate",
			"DEFAULT_VECTORIZER_MODULE":               "none",
			"AUTHENTICATION_ANONYMOUS_ACCESS_ENABLED": "true",
			"CLUSTER_HOSTNAME":                        "node1",
		},
		Health: []string{"CMD", "wget", "-q", "--spider", "http://127.0.0.1:8080/v1/.well-known/ready"},
		URL:    "http://vectordb:8080",
		Tmpfs:  []string{"/tmp"},
	},
	"pgvector": {
		Image:    "pgvector/pgvector:0.8.1-pg17",
		User:     "999:999",
		Port:     5432,
		DataPath: "/var/lib/postgresql/data",
		Env: map[string]string{
			"POSTGRES_USER":          "app",
			"POSTGRES_DB":            "app",
			"POSTGRES_PASSWORD_FILE": "/run/secrets/postgres_password",
		},
		Health:    []string{"CMD", "pg_isready", "-U", "app", "-d", "app", "-h", "127.0.0.1"},
		URL:       "postgresql://app@vectordb:5432/app",
		Tmpfs:     []string{"/tmp", "/var/run/postgresql"},
		Secret:    "postgres_password",
		SecretEnv: "VECTORDB_PASSWORD_FILE",
	},
}
