package lexicon

// Trie maps token sequences to values; Match finds the longest entry
// starting at a token, so one pass over a text finds every surface form in
// time linear in its length (times the longest key), with no regular
// expression per name. Keys are token ids (see Vocab): comparing integers
// is much cheaper than hashing strings at every token.
type Trie[V any] struct {
	root []*trieNode[V] // children of the root, indexed by token id
	size int
}

type trieNode[V any] struct {
	next map[int32]*trieNode[V]
	vals []V
}

// NewTrie returns an empty trie.
func NewTrie[V any]() *Trie[V] { return &Trie[V]{} }

// Add stores v under the key (a sequence of token ids, none negative).
// Empty keys are ignored.
func (t *Trie[V]) Add(key []int32, v V) {
	if len(key) == 0 || key[0] < 0 {
		return
	}
	for int(key[0]) >= len(t.root) {
		t.root = append(t.root, nil)
	}
	n := t.root[key[0]]
	if n == nil {
		n = &trieNode[V]{}
		t.root[key[0]] = n
	}
	for _, k := range key[1:] {
		if n.next == nil {
			n.next = make(map[int32]*trieNode[V])
		}
		c := n.next[k]
		if c == nil {
			c = &trieNode[V]{}
			n.next[k] = c
		}
		n = c
	}
	n.vals = append(n.vals, v)
	t.size++
}

// Len is the number of stored entries.
func (t *Trie[V]) Len() int { return t.size }

// first is the node of the one-token prefix id, nil if none.
func (t *Trie[V]) first(id int32) *trieNode[V] {
	if id < 0 || int(id) >= len(t.root) {
		return nil
	}
	return t.root[id]
}

// Match returns the values of the longest key that matches the token ids
// get(i), get(i+1), ... (positions below n) and its length in tokens (0
// when nothing matches). A negative id matches nothing.
func (t *Trie[V]) Match(n int, i int, get func(int) int32) ([]V, int) {
	if i >= n {
		return nil, 0
	}
	node := t.first(get(i))
	if node == nil {
		return nil, 0
	}
	var best []V
	bestLen := 0
	if len(node.vals) > 0 {
		best, bestLen = node.vals, 1
	}
	for j := i + 1; j < n && node.next != nil; j++ {
		c := node.next[get(j)]
		if c == nil {
			break
		}
		node = c
		if len(node.vals) > 0 {
			best, bestLen = node.vals, j-i+1
		}
	}
	return best, bestLen
}

// Prefix is one key that matched at a position: its values and length.
type Prefix[V any] struct {
	Vals []V
	Len  int
}

// MatchAll returns every key that matches at i, shortest first.
func (t *Trie[V]) MatchAll(n int, i int, get func(int) int32) []Prefix[V] {
	return t.AppendMatches(nil, n, i, get)
}

// AppendMatches is MatchAll appending to out.
func (t *Trie[V]) AppendMatches(out []Prefix[V], n int, i int, get func(int) int32) []Prefix[V] {
	if i >= n {
		return out
	}
	node := t.first(get(i))
	if node == nil {
		return out
	}
	if len(node.vals) > 0 {
		out = append(out, Prefix[V]{node.vals, 1})
	}
	for j := i + 1; j < n && node.next != nil; j++ {
		c := node.next[get(j)]
		if c == nil {
			break
		}
		node = c
		if len(node.vals) > 0 {
			out = append(out, Prefix[V]{node.vals, j - i + 1})
		}
	}
	return out
}

// Vocab numbers the token forms of lexicon keys, so that a text's tokens
// are looked up once each and tries compare integers.
type Vocab struct {
	ids map[string]int32
}

// NewVocab returns an empty vocabulary.
func NewVocab() *Vocab { return &Vocab{ids: map[string]int32{}} }

// Intern returns the id of form, adding it when new.
func (v *Vocab) Intern(form string) int32 {
	if id, ok := v.ids[form]; ok {
		return id
	}
	id := int32(len(v.ids))
	v.ids[form] = id
	return id
}

// InternAll returns the ids of forms.
func (v *Vocab) InternAll(forms []string) []int32 {
	out := make([]int32, len(forms))
	for i, f := range forms {
		out[i] = v.Intern(f)
	}
	return out
}

// ID returns the id of form, or -1 when no key uses it.
func (v *Vocab) ID(form string) int32 {
	if id, ok := v.ids[form]; ok {
		return id
	}
	return -1
}

// Len is the number of forms.
func (v *Vocab) Len() int { return len(v.ids) }
