// Command l402goclient buys one HTTP resource behind L402 the way Aperture's Go client does, using Aperture's own
// exported l402 package: it reads the challenge with the client's regular expression, lets the caller pay the
// invoice (it prints the invoice as a JSON line and reads the preimage in hex from stdin), builds the paid macaroon as
// Token.PaidMacaroon does (the base macaroon plus a first-party caveat preimage=<hex>) and sends it with l402.SetHeader
// (an LSAT Authorization line, then an L402 one). It prints the second response's status and body as a JSON line.
//
// With -tamper the preimage caveat names another preimage than the one after the colon, to show a server refuses it.
package main

import (
	"bufio"
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"regexp"
	"strings"

	"github.com/lightninglabs/aperture/l402"
	"github.com/lightningnetwork/lnd/lntypes"
	"gopkg.in/macaroon.v2"
)

// authHeaderRegex is the expression Aperture's client (l402/client_interceptor.go) matches the challenge with.
var authHeaderRegex = regexp.MustCompile("(LSAT|L402) macaroon=\"(.*?)\", invoice=\"(.*?)\"")

func main() {
	tamper := flag.Bool("tamper", false, "put a preimage caveat that does not match the paid preimage")
	flag.Parse()
	if flag.NArg() != 1 {
		fail("usage: l402goclient [-tamper] <url>")
	}
	url := flag.Arg(0)

	first, err := http.Get(url)
	if err != nil {
		fail("first GET: %v", err)
	}
	io.Copy(io.Discard, first.Body)
	first.Body.Close()
	if first.StatusCode != http.StatusPaymentRequired {
		fail("first GET: expected 402, got %d", first.StatusCode)
	}
	var matches []string
	for _, header := range first.Header.Values("WWW-Authenticate") {
		if matches = authHeaderRegex.FindStringSubmatch(header); len(matches) == 4 {
			break
		}
	}
	if len(matches) != 4 {
		fail("no WWW-Authenticate line matches Aperture's challenge expression")
	}
	macBytes, err := base64.StdEncoding.DecodeString(matches[2])
	if err != nil {
		fail("base64 decode of the macaroon: %v", err)
	}
	baseMac := &macaroon.Macaroon{}
	if err := baseMac.UnmarshalBinary(macBytes); err != nil {
		fail("unmarshal the macaroon: %v", err)
	}
	id, err := l402.DecodeIdentifier(strings.NewReader(string(baseMac.Id())))
	if err != nil {
		fail("decode the macaroon identifier: %v", err)
	}
	emit(map[string]any{"scheme": matches[1], "invoice": matches[3], "paymentHash": id.PaymentHash.String()})

	line, err := bufio.NewReader(os.Stdin).ReadString('\n')
	if err != nil && line == "" {
		fail("read the preimage from stdin: %v", err)
	}
	preimage, err := lntypes.MakePreimageFromStr(strings.TrimSpace(line))
	if err != nil {
		fail("parse the preimage: %v", err)
	}

	// Token.PaidMacaroon: a clone of the base macaroon plus the preimage caveat.
	caveatPreimage := preimage
	if *tamper {
		caveatPreimage[0] ^= 0xff
	}
	mac := baseMac.Clone()
	if err := l402.AddFirstPartyCaveats(mac, l402.NewCaveat(l402.PreimageKey, caveatPreimage.String())); err != nil {
		fail("add the preimage caveat: %v", err)
	}

	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		fail("second request: %v", err)
	}
	if err := l402.SetHeader(&req.Header, mac, preimage); err != nil {
		fail("set the Authorization header: %v", err)
	}
	second, err := http.DefaultClient.Do(req)
	if err != nil {
		fail("second GET: %v", err)
	}
	body, err := io.ReadAll(second.Body)
	second.Body.Close()
	if err != nil {
		fail("read the second body: %v", err)
	}
	emit(map[string]any{"status": second.StatusCode, "body": string(body)})
}

func emit(v map[string]any) {
	line, _ := json.Marshal(v)
	fmt.Println(string(line))
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "l402goclient: "+format+"\n", args...)
	os.Exit(1)
}
