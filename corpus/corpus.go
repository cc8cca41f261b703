// Package corpus puts widely used third-party modules into this module's
// build list, so that goescape's corpus test (crates/report/tests/corpus.rs)
// can compare its escape analysis with gc's on every package of each of
// them. The blank imports are all there is: nothing here is built to run.
package corpus

import (
	_ "github.com/BurntSushi/toml"
	_ "github.com/go-chi/chi/v5"
	_ "github.com/go-sql-driver/mysql"
	_ "github.com/google/uuid"
	_ "github.com/lib/pq"
	_ "github.com/minio/minio-go/v7"
	_ "github.com/prometheus/client_golang/prometheus"
	_ "github.com/redis/go-redis/v9"
	_ "github.com/sirupsen/logrus"
	_ "github.com/spf13/cobra"
	_ "github.com/stretchr/testify/assert"
	_ "go.uber.org/zap"
	_ "golang.org/x/crypto/chacha20poly1305"
	_ "golang.org/x/net/http2"
	_ "golang.org/x/sys/unix"
	_ "golang.org/x/text/unicode/norm"
	_ "google.golang.org/grpc"
	_ "google.golang.org/protobuf/proto"
	_ "gopkg.in/yaml.v3"
	_ "k8s.io/apimachinery/pkg/apis/meta/v1"
)
